package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * The body of a {@code break-glass-grant} entry: a named person overrode the usual rules in an
 * emergency, for one subject, purpose and recipient, until a stated time. The written reason is
 * kept by the broker; the ledger holds its {@link ReasonDigest}.
 *
 * @param grantId the broker's id for the grant; the review entry repeats it
 * @param actor who broke glass, in which role
 * @param subject the subject key of the person (see {@link SubjectKeys})
 * @param sender the organisation whose disclosures the grant lets through (the actor's own)
 * @param expires when the grant lapses (kept to the millisecond)
 */
public record BreakGlassGrantBody(
    String grantId,
    Actor actor,
    SubjectKey subject,
    OdsCode sender,
    PurposeCode purpose,
    OdsCode recipient,
    ReasonDigest reason,
    Instant expires)
    implements EntryBody {
  private static final Set<String> MEMBERS =
      Set.of("grantId", "actor", "subject", "sender", "purpose", "recipient", "reason", "expires");

  public BreakGlassGrantBody {
    Json.requireLabel(grantId, "The grant id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(reason, "reason");
    expires = Json.millis(expires, "The expiry");
  }

  @Override
  public Optional<SubjectKey> subjectKey() {
    return Optional.of(subject);
  }

  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("grantId", grantId);
    body.set("actor", actor.toJson());
    body.put("subject", subject.value());
    body.put("sender", sender.value());
    body.put("purpose", purpose.value());
    body.put("recipient", recipient.value());
    body.set("reason", reason.toJson());
    body.put("expires", Json.TIME.format(expires));
    return body;
  }

  static BreakGlassGrantBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS);
    return new BreakGlassGrantBody(
        Json.text(body, "grantId"),
        Actor.fromJson(body.get("actor"), "actor"),
        new SubjectKey(Json.text(body, "subject")),
        new OdsCode(Json.text(body, "sender")),
        new PurposeCode(Json.text(body, "purpose")),
        new OdsCode(Json.text(body, "recipient")),
        ReasonDigest.fromJson(body.get("reason"), "reason"),
        Json.time(body, "expires"));
  }
}
