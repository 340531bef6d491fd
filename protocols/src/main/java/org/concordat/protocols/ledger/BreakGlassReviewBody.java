package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * The body of a {@code break-glass-review} entry: an IG lead or Caldicott guardian reviewed a
 * break-glass grant and found its use appropriate or not. The review's written finding is kept by
 * the broker; the ledger holds its {@link ReasonDigest}.
 *
 * @param grantId the id of the grant reviewed, as in its {@code break-glass-grant} entry
 * @param actor the reviewer, in which role
 * @param subject the subject key of the grant's person (see {@link SubjectKeys})
 */
public record BreakGlassReviewBody(
    String grantId,
    Actor actor,
    SubjectKey subject,
    PurposeCode purpose,
    OdsCode recipient,
    ReasonDigest reason,
    Outcome outcome)
    implements EntryBody {
  private static final Set<String> MEMBERS =
      Set.of("grantId", "actor", "subject", "purpose", "recipient", "reason", "outcome");

  /** The reviewer's finding. */
  public enum Outcome {
    APPROPRIATE("appropriate"),
    INAPPROPRIATE("inappropriate");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Outcome fromWireName(String wireName) {
      for (Outcome outcome : values()) {
        if (outcome.wireName.equals(wireName)) {
          return outcome;
        }
      }
      throw new InvalidLedgerEntryException(
          "A review finds the use appropriate or inappropriate, not '" + wireName + "'");
    }
  }

  public BreakGlassReviewBody {
    Json.requireLabel(grantId, "The grant id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(outcome, "outcome");
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
    body.put("outcome", outcome.wireName());
    return body;
  }

  static BreakGlassReviewBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS);
    return new BreakGlassReviewBody(
        Json.text(body, "grantId"),
        Actor.fromJson(body.get("actor"), "actor"),
        new SubjectKey(Json.text(body, "subject")),
        new PurposeCode(Json.text(body, "purpose")),
        new OdsCode(Json.text(body, "recipient")),
        ReasonDigest.fromJson(body.get("reason"), "reason"),
        Outcome.fromWireName(Json.text(body, "outcome")));
  }
}
