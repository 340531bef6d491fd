package org.concordat.protocols.decision;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reason in a decision's explanation: a stable machine-readable code (kebab-case, e.g. {@code
 * no-matching-flow}) and a plain sentence for a person.
 */
public record Reason(String code, String text) {
  private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("A reason code is kebab-case, not '" + code + "'");
    }
  }
}
