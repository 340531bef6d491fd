package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.keys.VerifierKey;

/**
 * The body of a {@code key-rotation} entry: the ledger's checkpoint signing key was replaced.
 * Written (and covered by a checkpoint signed with the old key) before the new key signs, so a
 * verifier holding only the old key can learn the new one from the ledger itself.
 *
 * <p>The two keys have the same type: build with {@link #replacing} to keep them the right way
 * round.
 *
 * @param oldKey the verifier key that signed until now
 * @param newKey the verifier key that signs from the next checkpoint
 */
public record KeyRotationBody(VerifierKey oldKey, VerifierKey newKey) implements EntryBody {
  private static final Set<String> MEMBERS = Set.of("oldKey", "newKey");

  public KeyRotationBody {
    Objects.requireNonNull(oldKey, "oldKey");
    Objects.requireNonNull(newKey, "newKey");
    if (oldKey.equals(newKey)) {
      throw new IllegalArgumentException("A key rotation replaces a key with a different one");
    }
  }

  /** Starts a rotation away from {@code oldKey}: {@code replacing(old).with(new)}. */
  public static Rotation replacing(VerifierKey oldKey) {
    return new Rotation(oldKey);
  }

  /** The first half of {@link #replacing}. */
  public record Rotation(VerifierKey oldKey) {
    public Rotation {
      Objects.requireNonNull(oldKey, "oldKey");
    }

    public KeyRotationBody with(VerifierKey newKey) {
      return new KeyRotationBody(oldKey, newKey);
    }
  }

  @Override
  public Optional<SubjectKey> subjectKey() {
    return Optional.empty();
  }

  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("oldKey", oldKey.text());
    body.put("newKey", newKey.text());
    return body;
  }

  static KeyRotationBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS);
    return new KeyRotationBody(
        new VerifierKey(Json.text(body, "oldKey")), new VerifierKey(Json.text(body, "newKey")));
  }
}
