package org.concordat.protocols.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 8785 (JCS) canonicalisation of a JSON tree to UTF-8 bytes: object members sorted by the
 * UTF-16 code units of their names, no insignificant whitespace, strings with only the mandatory
 * escapes.
 *
 * <p>Concordat's formats use strings, booleans, null and integers only, so numbers are limited to
 * integers that an IEEE 754 double holds exactly (|n| &le; 2<sup>53</sup> &minus; 1, as I-JSON
 * requires); for those, JCS's ECMAScript number form is the plain decimal. Anything else
 * (fractions, floats, larger integers) is rejected rather than risk two implementations disagreeing
 * on bytes.
 */
public final class CanonicalJson {
  private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf((1L << 53) - 1);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /**
   * The canonical UTF-8 bytes of {@code node}.
   *
   * @throws IllegalArgumentException if the tree holds a number that is not a safe integer, a
   *     string with an unpaired surrogate, or a node that is not plain JSON (binary, POJO)
   */
  public static byte[] canonicalize(JsonNode node) {
    Objects.requireNonNull(node, "node");
    StringBuilder out = new StringBuilder();
    write(node, out, "");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical form as a Java string (for messages and tests; hash the bytes). */
  public static String canonicalString(JsonNode node) {
    return new String(canonicalize(node), StandardCharsets.UTF_8);
  }

  private static void write(JsonNode node, StringBuilder out, String pointer) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out, pointer);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out, pointer + "/" + i);
        }
        out.append(']');
      }
      case STRING -> writeString(node.textValue(), out, pointer);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case NUMBER -> writeNumber(node, out, pointer);
      default ->
          throw new IllegalArgumentException(
              "Canonical JSON has no form for a " + node.getNodeType() + " node at " + at(pointer));
    }
  }

  private static void writeObject(JsonNode node, StringBuilder out, String pointer) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      members.add(it.next());
    }
    // String.compareTo compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3 asks.
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> member : members) {
      if (!first) {
        out.append(',');
      }
      first = false;
      String childPointer = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
      writeString(member.getKey(), out, childPointer);
      out.append(':');
      write(member.getValue(), out, childPointer);
    }
    out.append('}');
  }

  private static void writeNumber(JsonNode node, StringBuilder out, String pointer) {
    if (!node.isIntegralNumber()) {
      throw new IllegalArgumentException(
          "Canonical JSON here takes integers only, not " + node.asText() + " at " + at(pointer));
    }
    BigInteger value = node.bigIntegerValue();
    if (value.abs().compareTo(MAX_SAFE_INTEGER) > 0) {
      throw new IllegalArgumentException(
          "The integer " + value + " at " + at(pointer) + " is outside +/-(2^53 - 1)");
    }
    out.append(value.toString());
  }

  private static void writeString(String s, StringBuilder out, String pointer) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            // An unpaired surrogate has no UTF-8 form; I-JSON forbids it.
            throw new IllegalArgumentException(
                "A string at " + at(pointer) + " is not valid Unicode");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String at(String pointer) {
    return pointer.isEmpty() ? "the root" : pointer;
  }
}
