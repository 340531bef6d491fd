package org.concordat.protocols.decision;

import java.util.Objects;

/**
 * Something the recipient must do with what it receives, from the matched flow: keep it no longer
 * than the retention period ({@code retention}), or use it only under a condition the parties
 * attached ({@code condition}, e.g. {@code active-episode-of-care}).
 *
 * @param kind {@code retention} or {@code condition}
 * @param value the ISO-8601 period or the condition code
 */
public record Obligation(String kind, String value) {
  public Obligation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
