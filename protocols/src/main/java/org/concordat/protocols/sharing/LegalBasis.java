package org.concordat.protocols.sharing;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lawful basis of a purpose: the UK GDPR Article 6 condition, the Article 9 condition when
 * special category (health) data is involved, and the statutory power the partners act under.
 *
 * @param article6 e.g. {@code 6(1)(e)}; a purpose without it cannot carry any flow
 * @param article9 e.g. {@code 9(2)(h)}; absent when no special category data is processed
 * @param statutoryPower e.g. {@code Care Act 2014 s42}
 */
public record LegalBasis(
    @Nullable String article6, @Nullable String article9, @Nullable String statutoryPower) {

  /** Whether an Article 6 condition is stated; without one nothing may flow for the purpose. */
  public boolean hasArticle6() {
    return article6 != null;
  }

  /** One line for people and ledger entries, e.g. {@code UK GDPR Art 6(1)(e); Art 9(2)(h); ...}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(article6 == null ? "no UK GDPR Art 6 condition stated" : "UK GDPR Art " + article6);
    if (article9 != null) {
      parts.add("Art " + article9);
    }
    if (statutoryPower != null) {
      parts.add(statutoryPower);
    }
    return String.join("; ", parts);
  }
}
