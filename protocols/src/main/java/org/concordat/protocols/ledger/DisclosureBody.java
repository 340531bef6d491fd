package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * The body of a {@code disclosure}, {@code denial} or {@code delivery-failed} ledger entry: who
 * passed what to whom, why, under which protocol version, about whom (as a keyed hash, never in
 * clear) and which payload (as its hash).
 *
 * @param messageId the broker's id for the inbound message this decision was about
 * @param decision the decision's wire outcome: {@code permit}, {@code permit-with-redactions} or
 *     {@code deny}
 * @param subject the subject key (see {@link SubjectKeys}), never an NHS number
 * @param payloadSha256 lower-case hex SHA-256 of the payload as delivered; null for a denial, which
 *     delivers nothing
 * @param disclosed the categories passed on; empty for a denial
 * @param withheld each requested category removed before delivery, with the reason
 * @param consents the references of the consent directives and break-glass grants the decision
 *     relied on or overrode, in the decision's order; written only when there are any, so entries
 *     made before consent was recorded keep their exact bytes
 */
public record DisclosureBody(
    String messageId,
    OdsCode sender,
    OdsCode recipient,
    PurposeCode purpose,
    String decision,
    List<Reason> reasons,
    ProtocolRef protocol,
    SubjectKey subject,
    @Nullable String payloadSha256,
    Set<CategoryCode> disclosed,
    Map<CategoryCode, Reason> withheld,
    List<String> consents)
    implements EntryBody {
  private static final Set<String> OPTIONAL_MEMBERS = Set.of("consents");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> OUTCOMES = Set.of("permit", "permit-with-redactions", "deny");
  private static final Set<String> MEMBERS =
      Set.of(
          "messageId",
          "sender",
          "recipient",
          "purpose",
          "decision",
          "reasons",
          "protocol",
          "subject",
          "payloadSha256",
          "disclosed",
          "withheld");

  public DisclosureBody {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(subject, "subject");
    reasons = List.copyOf(reasons);
    disclosed = Set.copyOf(disclosed);
    withheld = Map.copyOf(withheld);
    consents = List.copyOf(consents);
    for (String reference : consents) {
      Json.requireLabel(reference, "A consent reference");
    }
    if (messageId.isBlank()) {
      throw new IllegalArgumentException("A disclosure names the message it is about");
    }
    if (!OUTCOMES.contains(decision)) {
      throw new IllegalArgumentException(
          "The decision is permit, permit-with-redactions or deny, not '" + decision + "'");
    }
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("A ledger entry records why");
    }
    if (payloadSha256 != null && !HEX_SHA256.matcher(payloadSha256).matches()) {
      throw new IllegalArgumentException("The payload hash is 64 lower-case hex digits");
    }
    for (CategoryCode category : withheld.keySet()) {
      if (disclosed.contains(category)) {
        throw new IllegalArgumentException(
            "The category " + category + " cannot be both disclosed and withheld");
      }
    }
    if (decision.equals("deny")) {
      if (!disclosed.isEmpty() || payloadSha256 != null) {
        throw new IllegalArgumentException("A denial discloses nothing and has no payload");
      }
    } else {
      if (disclosed.isEmpty() || payloadSha256 == null) {
        throw new IllegalArgumentException(
            "A permit discloses at least one category and records the payload hash");
      }
      if (decision.equals("permit") != withheld.isEmpty()) {
        throw new IllegalArgumentException(
            "A permit-with-redactions withholds something and a permit withholds nothing");
      }
    }
  }

  /** A body that relied on no consent directive. */
  public DisclosureBody(
      String messageId,
      OdsCode sender,
      OdsCode recipient,
      PurposeCode purpose,
      String decision,
      List<Reason> reasons,
      ProtocolRef protocol,
      SubjectKey subject,
      @Nullable String payloadSha256,
      Set<CategoryCode> disclosed,
      Map<CategoryCode, Reason> withheld) {
    this(
        messageId,
        sender,
        recipient,
        purpose,
        decision,
        reasons,
        protocol,
        subject,
        payloadSha256,
        disclosed,
        withheld,
        List.of());
  }

  /**
   * The body recording {@code decision} on {@code request}. For a deny the payload hash is dropped
   * (nothing was delivered); for a permit it is required.
   *
   * @param subject the person's subject key from {@link SubjectKeys}
   */
  public static DisclosureBody of(
      String messageId,
      SubjectKey subject,
      DecisionRequest request,
      Decision decision,
      @Nullable String payloadSha256) {
    Set<CategoryCode> disclosed = Set.of();
    Map<CategoryCode, Reason> withheld = Map.of();
    String payload = null;
    if (decision instanceof Decision.Permit permit) {
      disclosed = permit.permitted();
      withheld = permit.withheld();
      payload = payloadSha256;
    }
    return new DisclosureBody(
        messageId,
        request.sender(),
        request.recipient(),
        request.purpose(),
        decision.outcome(),
        decision.reasons(),
        decision.protocol(),
        subject,
        payload,
        disclosed,
        withheld,
        decision.consentReferences());
  }

  /**
   * The same disclosure with other reasons and consent references: the body of a {@code
   * delivery-failed} or {@code delivery-cancelled} entry, which says that this disclosure did not
   * happen and why.
   */
  public DisclosureBody withReasons(List<Reason> newReasons, List<String> newConsents) {
    return new DisclosureBody(
        messageId,
        sender,
        recipient,
        purpose,
        decision,
        newReasons,
        protocol,
        subject,
        payloadSha256,
        disclosed,
        withheld,
        newConsents);
  }

  @Override
  public Optional<SubjectKey> subjectKey() {
    return Optional.of(subject);
  }

  /** Whether this body records a denial. */
  public boolean isDenial() {
    return decision.equals("deny");
  }

  ObjectNode toJson() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode body = nodes.objectNode();
    body.put("messageId", messageId);
    body.put("sender", sender.value());
    body.put("recipient", recipient.value());
    body.put("purpose", purpose.value());
    body.put("decision", decision);
    ArrayNode reasonArray = body.putArray("reasons");
    for (Reason reason : reasons) {
      reasonArray.add(reasonJson(reason));
    }
    ObjectNode protocolNode = body.putObject("protocol");
    protocolNode.put("id", protocol.id());
    protocolNode.put("version", protocol.version());
    protocolNode.put("sha256", protocol.sha256());
    body.put("subject", subject.value());
    if (payloadSha256 == null) {
      body.putNull("payloadSha256");
    } else {
      body.put("payloadSha256", payloadSha256);
    }
    ArrayNode disclosedArray = body.putArray("disclosed");
    // Sorted so that the same set always gives the same bytes.
    new TreeSet<>(disclosed).forEach(c -> disclosedArray.add(c.value()));
    ObjectNode withheldNode = body.putObject("withheld");
    new TreeMap<>(withheld).forEach((c, r) -> withheldNode.set(c.value(), reasonJson(r)));
    if (!consents.isEmpty()) {
      ArrayNode consentArray = body.putArray("consents");
      consents.forEach(consentArray::add);
    }
    return body;
  }

  private static ObjectNode reasonJson(Reason reason) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("code", reason.code());
    node.put("text", reason.text());
    return node;
  }

  static DisclosureBody fromJson(JsonNode body) {
    Json.members(body, "body", MEMBERS, OPTIONAL_MEMBERS);
    List<Reason> reasons = new ArrayList<>();
    for (JsonNode reason : Json.array(body, "reasons")) {
      reasons.add(reasonFromJson(reason, "reasons"));
    }
    JsonNode protocolNode = body.get("protocol");
    Json.members(protocolNode, "protocol", Set.of("id", "version", "sha256"));
    Set<CategoryCode> disclosed = new HashSet<>();
    for (JsonNode category : Json.array(body, "disclosed")) {
      if (!category.isTextual()) {
        throw new InvalidLedgerEntryException("Disclosed categories are strings");
      }
      disclosed.add(new CategoryCode(category.textValue()));
    }
    JsonNode withheldNode = body.get("withheld");
    if (!withheldNode.isObject()) {
      throw new InvalidLedgerEntryException("'withheld' is an object");
    }
    Map<CategoryCode, Reason> withheld = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : withheldNode.properties()) {
      withheld.put(new CategoryCode(entry.getKey()), reasonFromJson(entry.getValue(), "withheld"));
    }
    List<String> consents = new ArrayList<>();
    if (body.has("consents")) {
      for (JsonNode reference : Json.array(body, "consents")) {
        if (!reference.isTextual()) {
          throw new InvalidLedgerEntryException("Consent references are strings");
        }
        consents.add(reference.textValue());
      }
      if (consents.isEmpty()) {
        throw new InvalidLedgerEntryException("'consents' is left out rather than empty");
      }
    }
    JsonNode payload = body.get("payloadSha256");
    return new DisclosureBody(
        Json.text(body, "messageId"),
        new OdsCode(Json.text(body, "sender")),
        new OdsCode(Json.text(body, "recipient")),
        new PurposeCode(Json.text(body, "purpose")),
        Json.text(body, "decision"),
        reasons,
        new ProtocolRef(
            Json.text(protocolNode, "id"),
            Json.text(protocolNode, "version"),
            Json.text(protocolNode, "sha256")),
        new SubjectKey(Json.text(body, "subject")),
        payload.isNull() ? null : Json.text(body, "payloadSha256"),
        disclosed,
        withheld,
        consents);
  }

  private static Reason reasonFromJson(JsonNode node, String where) {
    Json.members(node, "a reason in " + where, Set.of("code", "text"));
    return new Reason(Json.text(node, "code"), Json.text(node, "text"));
  }
}
