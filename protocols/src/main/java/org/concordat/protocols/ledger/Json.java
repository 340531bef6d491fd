package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/** Strict field access for reading ledger JSON: every member present, no unknown member. */
final class Json {
  private Json() {}

  static void members(JsonNode node, String what, Set<String> expected) {
    if (node == null || !node.isObject()) {
      throw new InvalidLedgerEntryException("The " + what + " is a JSON object");
    }
    Set<String> actual = new HashSet<>();
    node.fieldNames().forEachRemaining(actual::add);
    if (!actual.equals(expected)) {
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      Set<String> unknown = new HashSet<>(actual);
      unknown.removeAll(expected);
      throw new InvalidLedgerEntryException(
          "The " + what + " has missing members " + missing + " and unknown members " + unknown);
    }
  }

  static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw new InvalidLedgerEntryException("'" + member + "' is a string");
    }
    return value.textValue();
  }

  static JsonNode array(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isArray()) {
      throw new InvalidLedgerEntryException("'" + member + "' is an array");
    }
    return value;
  }
}
