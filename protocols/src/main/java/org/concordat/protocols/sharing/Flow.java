package org.concordat.protocols.sharing;

import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One agreed flow: data in these categories may pass from one party to another for a purpose.
 *
 * @param retention how long the recipient keeps what it receives (ISO-8601 period, e.g. P8Y); null
 *     when the flow takes the protocol's default
 * @param conditions codes of conditions the parties attached, e.g. {@code active-episode-of-care};
 *     the engine passes them on as obligations, it does not check them
 */
public record Flow(
    OdsCode from,
    OdsCode to,
    PurposeCode purpose,
    Set<CategoryCode> categories,
    @Nullable Period retention,
    List<String> conditions) {
  public Flow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(purpose, "purpose");
    categories = Set.copyOf(categories);
    conditions = List.copyOf(conditions);
  }

  /** A flow without its own retention or conditions. */
  public Flow(OdsCode from, OdsCode to, PurposeCode purpose, Set<CategoryCode> categories) {
    this(from, to, purpose, categories, null, List.of());
  }
}
