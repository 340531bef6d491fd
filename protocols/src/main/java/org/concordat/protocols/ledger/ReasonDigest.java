package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.canonical.Sha256;

/**
 * A written reason (for breaking glass, or a review's finding) as its SHA-256 and its length, in
 * place of the text. The text may be sensitive (it often describes the clinical situation), so it
 * stays in the broker's own tables; the ledger commits to it, so the stored text cannot later be
 * changed unnoticed. The hash does not hide a short or guessable reason: it is a commitment, not
 * encryption.
 *
 * @param sha256 lower-case hex SHA-256 of the reason's UTF-8 bytes
 * @param length the number of UTF-8 bytes of the reason
 */
public record ReasonDigest(String sha256, long length) {
  public ReasonDigest {
    Json.requireHex(sha256, "The reason hash");
    if (length < 1) {
      throw new IllegalArgumentException("A reason is written: at least one byte, not " + length);
    }
  }

  /** The digest of {@code reason}, which must not be blank. */
  public static ReasonDigest of(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("A reason is written, not blank");
    }
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    return new ReasonDigest(Sha256.hexOf(bytes), bytes.length);
  }

  /** Whether {@code reason} is the text this digest commits to. */
  public boolean matches(String reason) {
    return of(reason).equals(this);
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("sha256", sha256);
    node.put("length", length);
    return node;
  }

  static ReasonDigest fromJson(JsonNode node, String where) {
    Json.members(node, where, Set.of("sha256", "length"));
    return new ReasonDigest(Json.text(node, "sha256"), Json.whole(node, "length"));
  }
}
