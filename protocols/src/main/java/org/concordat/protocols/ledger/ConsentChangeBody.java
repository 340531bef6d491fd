package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a {@code consent-change} entry: a person's consent directive was created, updated or
 * withdrawn. The directive itself (a FHIR Consent version) stays in the broker; the ledger names it
 * and commits to its exact bytes.
 *
 * @param subject the subject key of the person (see {@link SubjectKeys}), never an NHS number
 * @param directive the reference of the directive version, e.g. {@code Consent/c-81/_history/2}
 * @param directiveSha256 lower-case hex SHA-256 of that directive version as stored
 */
public record ConsentChangeBody(
    SubjectKey subject, String directive, String directiveSha256, Change change)
    implements EntryBody {
  private static final Set<String> MEMBERS =
      Set.of("subject", "directive", "directiveSha256", "change");

  /** What happened to the directive. */
  public enum Change {
    CREATED("created"),
    UPDATED("updated"),
    WITHDRAWN("withdrawn");

    private final String wireName;

    Change(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Change fromWireName(String wireName) {
      for (Change change : values()) {
        if (change.wireName.equals(wireName)) {
          return change;
        }
      }
      throw new InvalidLedgerEntryException(
          "A consent change is created, updated or withdrawn, not '" + wireName + "'");
    }
  }

  public ConsentChangeBody {
    Objects.requireNonNull(subject, "subject");
    Json.requireLabel(directive, "The directive reference");
    Json.requireHex(directiveSha256, "The directive hash");
    Objects.requireNonNull(change, "change");
  }

  @Override
  public Optional<SubjectKey> subjectKey() {
    return Optional.of(subject);
  }

  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("subject", subject.value());
    body.put("directive", directive);
    body.put("directiveSha256", directiveSha256);
    body.put("change", change.wireName());
    return body;
  }

  static ConsentChangeBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS);
    return new ConsentChangeBody(
        new SubjectKey(Json.text(body, "subject")),
        Json.text(body, "directive"),
        Json.text(body, "directiveSha256"),
        Change.fromWireName(Json.text(body, "change")));
  }
}
