package org.concordat.protocols.agreement;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.InvalidProtocolException;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolProblem;
import org.jspecify.annotations.Nullable;

/**
 * The {@code protocol.signatures.json} file kept beside a protocol: a JSON array of objects with
 * {@code party}, {@code key} (verifier key), {@code protocol-sha256} and {@code signature}
 * (base64). Reading reports every bad entry with its line, as for protocols.
 */
public final class ProtocolSignatures {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final List<String> MEMBERS =
      List.of("party", "key", "protocol-sha256", "signature");

  private ProtocolSignatures() {}

  /**
   * Reads a signatures file; {@code sourceName} names it in problem reports.
   *
   * @throws InvalidProtocolException listing every problem found
   */
  public static List<ProtocolSignature> read(String sourceName, String json) {
    List<ProtocolSignature> signatures = new ArrayList<>();
    List<ProtocolProblem> problems = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new InvalidProtocolException(
            List.of(
                problem(
                    sourceName,
                    parser.currentTokenLocation(),
                    "A signatures file is a JSON array of signatures.")));
      }
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        index++;
        JsonLocation at = parser.currentTokenLocation();
        JsonNode entry = JSON.readTree(parser);
        String problem = check(entry);
        if (problem != null) {
          problems.add(problem(sourceName, at, "Signature " + index + ": " + problem));
          continue;
        }
        try {
          signatures.add(
              new ProtocolSignature(
                  OdsCode.of(entry.get("party").textValue()),
                  VerifierKey.parse(entry.get("key").textValue()),
                  entry.get("protocol-sha256").textValue(),
                  entry.get("signature").textValue()));
        } catch (IllegalArgumentException e) {
          problems.add(problem(sourceName, at, "Signature " + index + ": " + e.getMessage() + "."));
        }
      }
      if (parser.nextToken() != null) {
        problems.add(
            problem(
                sourceName,
                parser.currentTokenLocation(),
                "Nothing may follow the array of signatures."));
      }
    } catch (JsonProcessingException e) {
      problems.add(
          problem(
              sourceName,
              e.getLocation(),
              "This is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")));
    } catch (IOException e) {
      problems.add(problem(sourceName, null, "The text could not be read: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidProtocolException(problems);
    }
    return List.copyOf(signatures);
  }

  private static @Nullable String check(JsonNode entry) {
    if (!entry.isObject()) {
      return "a signature is a JSON object with " + String.join(", ", MEMBERS) + ".";
    }
    Set<String> seen = new HashSet<>();
    for (String name : (Iterable<String>) entry::fieldNames) {
      if (!MEMBERS.contains(name)) {
        return "unknown member '" + name + "'; the members are " + String.join(", ", MEMBERS) + ".";
      }
      seen.add(name);
    }
    for (String member : MEMBERS) {
      if (!seen.contains(member) || !entry.get(member).isTextual()) {
        return "the member '" + member + "' is missing or not a string.";
      }
    }
    return null;
  }

  private static ProtocolProblem problem(
      String sourceName, @Nullable JsonLocation at, String message) {
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    return new ProtocolProblem(sourceName, line, column, message);
  }

  /** The file text for {@code signatures}, in the given order, ending with a newline. */
  public static String write(List<ProtocolSignature> signatures) {
    ArrayNode array = JSON.createArrayNode();
    for (ProtocolSignature s : signatures) {
      ObjectNode entry = array.addObject();
      entry.put("party", s.party().value());
      entry.put("key", s.key().text());
      entry.put("protocol-sha256", s.protocolSha256());
      entry.put("signature", s.signature());
    }
    try {
      return JSON.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree of strings always serialises", e);
    }
  }
}
