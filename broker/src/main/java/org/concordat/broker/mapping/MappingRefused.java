package org.concordat.broker.mapping;

import java.util.List;
import org.concordat.adapters.mapping.InvalidMappingException;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingFileProblem;
import org.concordat.broker.web.RequestRefused;

/** A mapping test that cannot run: no mapping of that name (404), or one with problems (422). */
final class MappingRefused extends RequestRefused {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;

  private MappingRefused(int status, String title, String detail, List<String> problems) {
    super(detail, problems);
    this.status = status;
    this.title = title;
  }

  /** The catalogue has no mapping of the name asked for. */
  static MappingRefused of(MappingCatalogue.UnknownMappingException e) {
    return new MappingRefused(404, "No such mapping", String.valueOf(e.getMessage()), List.of());
  }

  /** The mapping file does not hold a valid mapping: every problem in it. */
  static MappingRefused of(InvalidMappingException e) {
    return new MappingRefused(
        422,
        "Invalid mapping",
        "The mapping has problems; fix them and test again",
        e.problems().stream().map(MappingFileProblem::toString).toList());
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return title;
  }
}
