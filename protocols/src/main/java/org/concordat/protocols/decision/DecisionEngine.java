package org.concordat.protocols.decision;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.Purpose;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * Decides one disclosure under one protocol: deny by default, permit only along an agreed flow, and
 * withhold every requested category the flow does not carry.
 *
 * <p>Deterministic: no clock, no I/O, no randomness; the same protocol and request always give the
 * same decision. Consent directives, the national data opt-out and break-glass are later rules.
 */
public final class DecisionEngine {
  /**
   * Partnerships are in England, so a protocol's valid-from date starts at midnight UK time. The
   * zone rules come with the JDK; reading them is not reading a clock.
   */
  private static final ZoneId PARTNERSHIP_ZONE = ZoneId.of("Europe/London");

  private final Protocol protocol;
  private final Instant validFromInstant;
  private final Map<FlowKey, Flow> flows;
  private final String protocolName;

  private record FlowKey(OdsCode from, OdsCode to, PurposeCode purpose) {}

  public DecisionEngine(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.validFromInstant =
        protocol.validFrom().atTime(LocalTime.MIDNIGHT).atZone(PARTNERSHIP_ZONE).toInstant();
    Map<FlowKey, Flow> index = new HashMap<>();
    for (Flow flow : protocol.flows()) {
      FlowKey key = new FlowKey(flow.from(), flow.to(), flow.purpose());
      Flow previous = index.putIfAbsent(key, flow);
      if (previous != null) {
        // The reader refuses such protocols; two flows for one key would make the answer depend
        // on list order.
        throw new IllegalArgumentException(
            "The protocol has two flows from "
                + flow.from()
                + " to "
                + flow.to()
                + " for purpose "
                + flow.purpose());
      }
    }
    this.flows = Map.copyOf(index);
    this.protocolName = protocol.ref().id() + " " + protocol.ref().version();
  }

  /** The protocol this engine decides under. */
  public Protocol protocol() {
    return protocol;
  }

  /**
   * Decides {@code request}; never throws for a well-formed request, a refusal is a {@code Deny}.
   */
  public Decision decide(DecisionRequest request) {
    Objects.requireNonNull(request, "request");
    List<Reason> refusals = new ArrayList<>();
    if (request.at().isBefore(validFromInstant)) {
      refusals.add(
          new Reason(
              "protocol-not-yet-valid",
              "The protocol "
                  + protocolName
                  + " is valid from "
                  + protocol.validFrom()
                  + "; the request is dated "
                  + request.at()
                  + "."));
    }
    if (protocol.party(request.sender()).isEmpty()) {
      refusals.add(
          new Reason(
              "sender-not-a-party",
              "The sender "
                  + request.sender()
                  + " is not a party to the protocol "
                  + protocolName
                  + "."));
    }
    if (protocol.party(request.recipient()).isEmpty()) {
      refusals.add(
          new Reason(
              "recipient-not-a-party",
              "The recipient "
                  + request.recipient()
                  + " is not a party to the protocol "
                  + protocolName
                  + "."));
    }
    Purpose purpose = protocol.purpose(request.purpose()).orElse(null);
    if (purpose == null) {
      refusals.add(
          new Reason(
              "unknown-purpose",
              "The protocol " + protocolName + " has no purpose " + request.purpose() + "."));
    }
    if (!refusals.isEmpty() || purpose == null) {
      return new Decision.Deny(protocol.ref(), refusals);
    }

    Flow flow = flows.get(new FlowKey(request.sender(), request.recipient(), request.purpose()));
    if (flow == null) {
      return new Decision.Deny(
          protocol.ref(),
          List.of(
              new Reason(
                  "no-matching-flow",
                  "The protocol "
                      + protocolName
                      + " has no flow from "
                      + request.sender()
                      + " to "
                      + request.recipient()
                      + " for purpose "
                      + request.purpose()
                      + ".")));
    }

    Set<CategoryCode> permitted = new TreeSet<>();
    Map<CategoryCode, Reason> withheld = new TreeMap<>();
    for (CategoryCode category : new TreeSet<>(request.requestedCategories())) {
      if (flow.categories().contains(category)) {
        permitted.add(category);
      } else {
        withheld.put(category, notInFlow(flow, category));
      }
    }
    if (permitted.isEmpty()) {
      List<Reason> reasons = new ArrayList<>();
      reasons.add(
          new Reason(
              "no-category-permitted",
              request.requestedCategories().isEmpty()
                  ? "The request names no data category, so nothing may be disclosed."
                  : "None of the requested categories ("
                      + names(request.requestedCategories())
                      + ") is in the flow from "
                      + flow.from()
                      + " to "
                      + flow.to()
                      + " for purpose "
                      + flow.purpose()
                      + "."));
      reasons.addAll(withheld.values());
      return new Decision.Deny(protocol.ref(), reasons);
    }
    List<Reason> reasons =
        List.of(
            new Reason(
                "flow-matched",
                "The protocol "
                    + protocolName
                    + " has a flow from "
                    + flow.from()
                    + " to "
                    + flow.to()
                    + " for purpose "
                    + flow.purpose()
                    + " with categories "
                    + names(flow.categories())
                    + "."),
            new Reason("legal-basis", purpose.legalBasis()));
    return new Decision.Permit(protocol.ref(), flow, permitted, withheld, reasons);
  }

  private Reason notInFlow(Flow flow, CategoryCode category) {
    String defined =
        protocol.category(category).isPresent()
            ? ""
            : " (the protocol " + protocolName + " defines no such category)";
    return new Reason(
        "category-not-in-flow",
        "The flow from "
            + flow.from()
            + " to "
            + flow.to()
            + " for purpose "
            + flow.purpose()
            + " does not include the category "
            + category
            + defined
            + ".");
  }

  private static String names(Set<CategoryCode> categories) {
    return new TreeSet<>(categories)
        .stream().map(CategoryCode::value).collect(Collectors.joining(", "));
  }
}
