package org.concordat.broker.optout;

import java.util.List;
import org.concordat.adapters.optout.CohortMismatchException;
import org.concordat.adapters.optout.OptOutFileException;
import org.concordat.broker.web.RequestRefused;

/** An opt-out import refused because of what the files hold (422), and why. */
final class OptOutRefused extends RequestRefused {
  private static final long serialVersionUID = 1L;

  private final String title;

  private OptOutRefused(String title, String detail, List<String> problems) {
    super(detail, problems);
    this.title = title;
  }

  /** A file that is not a cohort file: every problem, with its file and line. */
  static OptOutRefused of(OptOutFileException e) {
    return new OptOutRefused(
        "The opt-out file has problems",
        String.valueOf(e.getMessage()),
        e.problems().stream().map(p -> p.describe(e.fileName())).toList());
  }

  /** A returned file that lists people the submitted cohort does not hold. */
  static OptOutRefused of(CohortMismatchException e) {
    return new OptOutRefused(
        "The returned file does not belong to the submitted cohort",
        String.valueOf(e.getMessage()),
        List.of());
  }

  @Override
  public int status() {
    return 422;
  }

  @Override
  public String title() {
    return title;
  }
}
