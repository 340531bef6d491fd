package org.concordat.protocols.decision;

import java.util.Objects;

/**
 * One reason in a decision's explanation: a stable machine-readable code (kebab-case, e.g. {@code
 * no-matching-flow}) and a plain sentence for a person.
 */
public record Reason(String code, String text) {
  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    if (!isKebab(code)) {
      throw new IllegalArgumentException("A reason code is kebab-case, not '" + code + "'");
    }
  }

  /** A decision reason: one of the codes of {@link ReasonCode}. */
  public Reason(ReasonCode code, String text) {
    this(code.wire(), text);
  }

  /** Whether this reason carries {@code code}. */
  public boolean is(ReasonCode code) {
    return this.code.equals(code.wire());
  }

  /**
   * Lower-case words of letters and digits joined by single hyphens. Written out rather than as a
   * regular expression because reasons are made on the decision path, where a regex match costs
   * more than the rest of a decision.
   */
  static boolean isKebab(String code) {
    int n = code.length();
    if (n == 0 || code.charAt(0) == '-' || code.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = code.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!word && (c != '-' || code.charAt(i - 1) == '-')) {
        return false;
      }
    }
    return true;
  }
}
