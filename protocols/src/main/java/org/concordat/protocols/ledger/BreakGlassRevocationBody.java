package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@code break-glass-revocation} entry: a break-glass grant was ended before it
 * expired, by a named person (an IG lead, an administrator or the grantee) or by a review that
 * found its use inappropriate. From the entry's time on the grant lets nothing through. The written
 * reason is kept by the broker; the ledger holds its {@link ReasonDigest}.
 *
 * @param grantId the id of the grant ended, as in its {@code break-glass-grant} entry
 * @param actor who ended it, in which role
 * @param subject the subject key of the grant's person (see {@link SubjectKeys})
 * @param reviewIndex the ledger index of the {@code break-glass-review} that found the use
 *     inappropriate, when a review ended the grant; null when a person revoked it
 */
public record BreakGlassRevocationBody(
    String grantId,
    Actor actor,
    SubjectKey subject,
    PurposeCode purpose,
    OdsCode recipient,
    ReasonDigest reason,
    @Nullable Long reviewIndex)
    implements EntryBody {
  private static final Set<String> MEMBERS =
      Set.of("grantId", "actor", "subject", "purpose", "recipient", "reason");

  public BreakGlassRevocationBody {
    Json.requireLabel(grantId, "The grant id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(reason, "reason");
    if (reviewIndex != null && reviewIndex < 0) {
      throw new IllegalArgumentException("A ledger index is not negative");
    }
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
    body.put("purpose", purpose.value());
    body.put("recipient", recipient.value());
    body.set("reason", reason.toJson());
    if (reviewIndex != null) {
      body.put("reviewIndex", reviewIndex.longValue());
    }
    return body;
  }

  static BreakGlassRevocationBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS, Set.of("reviewIndex"));
    JsonNode review = body.get("reviewIndex");
    if (review != null && (!review.isIntegralNumber() || !review.canConvertToLong())) {
      throw new InvalidLedgerEntryException("'reviewIndex' is a ledger index");
    }
    return new BreakGlassRevocationBody(
        Json.text(body, "grantId"),
        Actor.fromJson(body.get("actor"), "actor"),
        new SubjectKey(Json.text(body, "subject")),
        new PurposeCode(Json.text(body, "purpose")),
        new OdsCode(Json.text(body, "recipient")),
        ReasonDigest.fromJson(body.get("reason"), "reason"),
        review == null ? null : review.longValue());
  }
}
