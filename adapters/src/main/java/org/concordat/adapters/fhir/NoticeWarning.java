package org.concordat.adapters.fhir;

import java.util.List;
import java.util.Objects;

/**
 * Something about a notice that its sender should know but that does not stop it: a notice sent
 * outside the ADW timing rules, say. A warning never changes a decision; the broker returns it with
 * the answer (an OperationOutcome issue of severity {@code warning}).
 *
 * @param code a stable kebab-case code, e.g. {@code discharge-notice-too-late} (the codes are
 *     listed in {@code docs/adw-notices.md})
 * @param text one plain sentence for the sender; never personal data (no names, numbers or dates)
 * @param elements the FHIR elements the warning is about, e.g. {@code Encounter.period.end}
 */
public record NoticeWarning(String code, String text, List<String> elements) {

  public NoticeWarning {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    if (!code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("A warning code is kebab-case");
    }
    elements = List.copyOf(elements);
  }
}
