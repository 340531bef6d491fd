package org.concordat.adapters.fhir.consent;

import java.util.ArrayList;
import java.util.List;

/** The reasons a Consent is refused, gathered so that the sender sees all of them at once. */
final class Problems {
  /** Enough to fix a Consent; a document with more is not worth reading further. */
  static final int MAX = 100;

  private final List<String> sentences = new ArrayList<>();
  private int dropped;

  /** Adds "{@code element}: {@code sentence}". */
  void add(String element, String sentence) {
    if (sentences.size() < MAX) {
      sentences.add(element + ": " + sentence);
    } else {
      dropped++;
    }
  }

  boolean any() {
    return !sentences.isEmpty();
  }

  List<String> list() {
    if (dropped == 0) {
      return List.copyOf(sentences);
    }
    List<String> all = new ArrayList<>(sentences);
    all.add("... and " + dropped + " more problems");
    return List.copyOf(all);
  }
}
