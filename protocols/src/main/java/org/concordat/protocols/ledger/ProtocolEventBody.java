package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;

/**
 * The body of a {@code protocol-signed}, {@code protocol-suspended}, {@code protocol-withdrawn} or
 * {@code party-reinstated} entry: something a party did to one exact protocol version. These
 * entries are about organisations, not people, so the reason is kept in clear.
 *
 * @param protocol the exact protocol version (id, version, SHA-256 of its canonical form)
 * @param party the party that signed, was suspended or withdrew, or was reinstated
 * @param actor the named person who acted for the party (or for the partnership), in which role
 * @param reason why, in a sentence; may be empty for a signature, at most 1000 characters
 */
public record ProtocolEventBody(ProtocolRef protocol, OdsCode party, Actor actor, String reason)
    implements EntryBody {
  private static final Set<String> MEMBERS = Set.of("protocol", "party", "actor", "reason");
  private static final int MAX_REASON = 1000;

  public ProtocolEventBody {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("A reason is at most " + MAX_REASON + " characters");
    }
    Json.requireOneLine(reason, "The reason");
  }

  @Override
  public Optional<SubjectKey> subjectKey() {
    return Optional.empty();
  }

  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode protocolNode = body.putObject("protocol");
    protocolNode.put("id", protocol.id());
    protocolNode.put("version", protocol.version());
    protocolNode.put("sha256", protocol.sha256());
    body.put("party", party.value());
    body.set("actor", actor.toJson());
    body.put("reason", reason);
    return body;
  }

  static ProtocolEventBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS);
    JsonNode protocolNode = body.get("protocol");
    Json.members(protocolNode, "protocol", Set.of("id", "version", "sha256"));
    return new ProtocolEventBody(
        new ProtocolRef(
            Json.text(protocolNode, "id"),
            Json.text(protocolNode, "version"),
            Json.text(protocolNode, "sha256")),
        new OdsCode(Json.text(body, "party")),
        Actor.fromJson(body.get("actor"), "actor"),
        Json.text(body, "reason"));
  }
}
