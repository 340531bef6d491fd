package org.concordat.protocols.decision;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.concordat.protocols.consent.BreakGlassGrant;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.consent.SubjectConsent;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.ConsentOverride;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.Purpose;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * Decides one disclosure under one protocol: deny by default, permit only along an agreed flow,
 * withhold every requested category the flow does not carry or the person refused, and apply the
 * purpose's consent rules (explicit consent, implied consent for direct care, the national data
 * opt-out, and the safeguarding override).
 *
 * <p>Deterministic: no clock, no I/O, no randomness; the same protocol, standings, consent and
 * request always give the same decision. Everything that does not depend on the request (flow
 * index, reason texts, the common permits and denials) is computed once here, so a decision is a
 * few map look-ups and a walk over the person's directives.
 */
public final class DecisionEngine {

  private final Protocol protocol;
  private final Instant validFromInstant;
  private final Map<OdsCode, Party> parties;
  private final Map<OdsCode, PartyStanding> standings;
  private final Map<PurposeCode, Purpose> purposes;
  private final Map<FlowKey, FlowRule> flows;
  private final Map<FlowKey, Decision.Deny> noFlow;
  private final ConsentPort consent;
  private final String protocolName;
  private final boolean lapses;

  private record FlowKey(OdsCode from, OdsCode to, PurposeCode purpose) {}

  /** An engine for {@code protocol} with every party active and no consent known. */
  public DecisionEngine(Protocol protocol) {
    this(protocol, Map.of(), ConsentPort.NONE);
  }

  /**
   * @param standings each party's standing; a party not in the map is active
   * @param consent where people's consent directives and opt-outs come from
   */
  public DecisionEngine(
      Protocol protocol, Map<OdsCode, PartyStanding> standings, ConsentPort consent) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.standings = Map.copyOf(standings);
    this.consent = Objects.requireNonNull(consent, "consent");
    this.protocolName = protocol.ref().id() + " " + protocol.ref().version();
    this.validFromInstant = protocol.validFromInstant();
    this.lapses = protocol.consentReview() == Protocol.ConsentReview.LAPSE;
    Map<OdsCode, Party> partyIndex = new HashMap<>();
    protocol.parties().forEach(p -> partyIndex.put(p.ods(), p));
    this.parties = Map.copyOf(partyIndex);
    Map<PurposeCode, Purpose> purposeIndex = new HashMap<>();
    protocol.purposes().forEach(p -> purposeIndex.put(p.code(), p));
    this.purposes = Map.copyOf(purposeIndex);

    Map<FlowKey, FlowRule> index = new HashMap<>();
    for (Flow flow : protocol.flows()) {
      FlowKey key = new FlowKey(flow.from(), flow.to(), flow.purpose());
      Purpose purpose = purposeIndex.get(flow.purpose());
      if (purpose == null) {
        throw new IllegalArgumentException("The flow names an undefined purpose " + flow.purpose());
      }
      FlowRule previous = index.putIfAbsent(key, new FlowRule(flow, purpose));
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
    Map<FlowKey, Decision.Deny> denials = new HashMap<>();
    for (Party from : protocol.parties()) {
      for (Party to : protocol.parties()) {
        for (Purpose purpose : protocol.purposes()) {
          FlowKey key = new FlowKey(from.ods(), to.ods(), purpose.code());
          if (!index.containsKey(key)) {
            denials.put(key, deny(noMatchingFlow(key)));
          }
        }
      }
    }
    this.noFlow = Map.copyOf(denials);
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
    FlowKey key = new FlowKey(request.sender(), request.recipient(), request.purpose());
    List<Reason> refusals = preconditions(request);
    if (refusals != null) {
      return deny(refusals);
    }
    FlowRule rule = flows.get(key);
    if (rule == null) {
      Decision.Deny denial = noFlow.get(key);
      return denial != null ? denial : deny(noMatchingFlow(key));
    }
    return rule.decide(request);
  }

  /** Every failed precondition at once, or null when all pass (the common case: no allocation). */
  private @Nullable List<Reason> preconditions(DecisionRequest request) {
    boolean early = request.at().isBefore(validFromInstant);
    boolean senderKnown = parties.containsKey(request.sender());
    boolean recipientKnown = parties.containsKey(request.recipient());
    boolean purposeKnown = purposes.containsKey(request.purpose());
    PartyStanding.Status senderStatus = status(request.sender(), request.at());
    PartyStanding.Status recipientStatus = status(request.recipient(), request.at());
    if (!early
        && senderKnown
        && recipientKnown
        && purposeKnown
        && senderStatus == PartyStanding.Status.ACTIVE
        && recipientStatus == PartyStanding.Status.ACTIVE) {
      return null;
    }
    List<Reason> refusals = new ArrayList<>();
    if (early) {
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
    if (!senderKnown) {
      refusals.add(
          new Reason(
              "sender-not-a-party",
              "The sender "
                  + request.sender()
                  + " is not a party to the protocol "
                  + protocolName
                  + "."));
    }
    if (!recipientKnown) {
      refusals.add(
          new Reason(
              "recipient-not-a-party",
              "The recipient "
                  + request.recipient()
                  + " is not a party to the protocol "
                  + protocolName
                  + "."));
    }
    if (senderKnown && senderStatus != PartyStanding.Status.ACTIVE) {
      refusals.add(standingReason(request.sender(), "sender"));
    }
    if (recipientKnown
        && recipientStatus != PartyStanding.Status.ACTIVE
        && !request.recipient().equals(request.sender())) {
      refusals.add(standingReason(request.recipient(), "recipient"));
    }
    if (!purposeKnown) {
      refusals.add(
          new Reason(
              "unknown-purpose",
              "The protocol " + protocolName + " has no purpose " + request.purpose() + "."));
    }
    return refusals;
  }

  private PartyStanding.Status status(OdsCode party, Instant at) {
    PartyStanding standing = standings.get(party);
    return standing == null ? PartyStanding.Status.ACTIVE : standing.statusAt(at);
  }

  private Reason standingReason(OdsCode party, String side) {
    PartyStanding standing = Objects.requireNonNull(standings.get(party));
    boolean withdrawn = standing.status() == PartyStanding.Status.WITHDRAWN;
    return new Reason(
        withdrawn ? "party-withdrawn" : "party-suspended",
        "The "
            + side
            + " "
            + party
            + (withdrawn ? " withdrew from" : " is suspended from")
            + " the protocol "
            + protocolName
            + " on "
            + standing.since()
            + " ("
            + standing.reason()
            + "), so its flows are stopped.");
  }

  private Decision.Deny deny(List<Reason> reasons) {
    return new Decision.Deny(protocol.ref(), reasons);
  }

  private List<Reason> noMatchingFlow(FlowKey key) {
    return List.of(
        new Reason(
            "no-matching-flow",
            "The protocol "
                + protocolName
                + " has no flow from "
                + key.from()
                + " to "
                + key.to()
                + " for purpose "
                + key.purpose()
                + "."));
  }

  private static String names(Set<CategoryCode> categories) {
    return new TreeSet<>(categories)
        .stream().map(CategoryCode::value).collect(Collectors.joining(", "));
  }

  private static String references(List<String> references) {
    return String.join(", ", references);
  }

  /** One agreed flow with everything about it that does not depend on the request. */
  private final class FlowRule {
    private final Flow flow;
    private final Purpose purpose;
    private final String route;
    private final List<Reason> head;
    private final @Nullable Reason impliedConsent;
    private final @Nullable Reason optOutChecked;
    private final List<Reason> tail;
    private final List<Reason> plainReasons;
    private final List<Obligation> obligations;
    private final Map<CategoryCode, Reason> notInFlow;
    private final Decision.Permit fullPermit;
    private final Decision.Deny explicitConsentMissing;
    private final Decision.Deny optedOut;
    private final Decision.Deny optOutUnknown;

    FlowRule(Flow flow, Purpose purpose) {
      this.flow = flow;
      this.purpose = purpose;
      this.route = "from " + flow.from() + " to " + flow.to() + " for purpose " + flow.purpose();
      this.head =
          List.of(
              new Reason(
                  "flow-matched",
                  "The protocol "
                      + protocolName
                      + " has a flow "
                      + route
                      + " with categories "
                      + names(flow.categories())
                      + "."),
              new Reason("legal-basis", purpose.legalBasis().describe()));
      this.impliedConsent =
          purpose.impliedConsent()
              ? new Reason(
                  "implied-consent",
                  "The purpose "
                      + purpose.code()
                      + " is the person's direct care, so their consent is implied unless they"
                      + " refuse.")
              : null;
      this.optOutChecked =
          purpose.optOutApplies()
              ? new Reason(
                  "national-data-opt-out-checked",
                  "The national data opt-out applies to the purpose "
                      + purpose.code()
                      + "; the person has not opted out.")
              : null;
      List<Reason> obligationReasons = new ArrayList<>();
      List<Obligation> duties = new ArrayList<>();
      Period retention = protocol.retentionOf(flow).orElse(null);
      if (retention != null) {
        duties.add(new Obligation("retention", retention.toString()));
        obligationReasons.add(
            new Reason(
                "retention",
                "The recipient keeps what it receives for at most "
                    + retention
                    + " (ISO-8601 period), then deletes it."));
      }
      for (String condition : flow.conditions()) {
        duties.add(new Obligation("condition", condition));
        obligationReasons.add(
            new Reason(
                "condition",
                "The flow carries the condition "
                    + condition
                    + ": the recipient uses the data only when it holds."));
      }
      this.tail = List.copyOf(obligationReasons);
      this.obligations = List.copyOf(duties);
      this.plainReasons = reasons(impliedConsent, List.of());
      Map<CategoryCode, Reason> outside = new HashMap<>();
      for (DataCategory category : protocol.categories()) {
        if (!flow.categories().contains(category.code())) {
          outside.put(category.code(), notInFlow(category.code(), true));
        }
      }
      this.notInFlow = Map.copyOf(outside);
      this.explicitConsentMissing =
          denyWithFlow(
              List.of(
                  new Reason(
                      "explicit-consent-missing",
                      "The purpose "
                          + purpose.code()
                          + " needs the person's explicit consent, and no consent directive in"
                          + " force permits disclosure to "
                          + flow.to()
                          + " for it.")),
              List.of());
      this.optedOut =
          denyWithFlow(
              List.of(
                  new Reason(
                      "national-data-opt-out",
                      "The national data opt-out applies to the purpose "
                          + purpose.code()
                          + " and the person has opted out.")),
              List.of());
      this.optOutUnknown =
          denyWithFlow(
              List.of(
                  new Reason(
                      "opt-out-status-unknown",
                      "The national data opt-out applies to the purpose "
                          + purpose.code()
                          + " and the person's opt-out status is not known (never checked, or the"
                          + " check has expired), so it cannot be shown that they have not opted"
                          + " out.")),
              List.of());
      this.fullPermit =
          new Decision.Permit(
              protocol.ref(),
              flow,
              flow.categories(),
              Map.of(),
              plainReasons,
              List.of(),
              obligations);
    }

    private List<Reason> reasons(@Nullable Reason consentReason, List<Reason> extra) {
      List<Reason> all = new ArrayList<>(head);
      if (consentReason != null) {
        all.add(consentReason);
      }
      all.addAll(extra);
      if (optOutChecked != null) {
        all.add(optOutChecked);
      }
      all.addAll(tail);
      return List.copyOf(all);
    }

    private Reason notInFlow(CategoryCode category, boolean defined) {
      return new Reason(
          "category-not-in-flow",
          "The flow "
              + route
              + " does not include the category "
              + category
              + (defined ? "" : " (the protocol " + protocolName + " defines no such category)")
              + ".");
    }

    /**
     * Whether a refusal speaks about this disclosure: it covers the purpose, recipient and time,
     * and refuses every category or one that is asked for.
     */
    private static boolean anyRefusalApplies(
        List<ConsentDirective> directives, DecisionRequest request) {
      for (int i = 0, n = directives.size(); i < n; i++) {
        ConsentDirective d = directives.get(i);
        if (d.kind() == ConsentDirective.Kind.DENY
            && d.covers(request.purpose(), request.recipient(), request.at())
            && (d.coversAllCategories()
                || intersects(d.categories(), request.requestedCategories()))) {
          return true;
        }
      }
      return false;
    }

    private static boolean intersects(Set<CategoryCode> a, Set<CategoryCode> b) {
      Set<CategoryCode> small = a.size() <= b.size() ? a : b;
      Set<CategoryCode> large = small == a ? b : a;
      for (CategoryCode c : small) {
        if (large.contains(c)) {
          return true;
        }
      }
      return false;
    }

    private Decision.Deny consentLapsed(DecisionRequest request, List<String> lapsed) {
      return denyWithFlow(
          List.of(
              new Reason(
                  "consent-lapsed",
                  "The purpose "
                      + purpose.code()
                      + " needs the person's explicit consent; their consent ("
                      + references(lapsed)
                      + ") passed its review date and the protocol "
                      + protocolName
                      + " lets consent lapse until it is reviewed with them, so nothing may go to "
                      + request.recipient()
                      + ".")),
          lapsed);
    }

    private Decision.Deny denyWithFlow(List<Reason> reasons, List<String> consentReferences) {
      return new Decision.Deny(protocol.ref(), reasons, flow, consentReferences);
    }

    Decision decide(DecisionRequest request) {
      SubjectConsent subject =
          request.subjectKey() == null ? null : consent.consentOf(request.subjectKey());
      if (purpose.optOutApplies()) {
        OptOutStatus optOut = subject == null ? OptOutStatus.UNKNOWN : subject.optOut();
        if (optOut == OptOutStatus.OPTED_OUT) {
          return optedOut;
        }
        if (optOut == OptOutStatus.UNKNOWN) {
          return optOutUnknown;
        }
      }
      Decision usual = decideByConsent(request, subject);
      BreakGlassGrant grant = subject == null ? null : grantFor(subject, request);
      if (grant == null) {
        return usual;
      }
      Decision overridden =
          categories(
              request,
              reasons(breakGlass(grant), List.of()),
              List.of(grant.reference()),
              Set.of(),
              null);
      boolean needed =
          !(usual instanceof Decision.Permit permit)
              || !(overridden instanceof Decision.Permit wider)
              || !permit.permitted().equals(wider.permitted());
      return needed ? overridden : usual;
    }

    private @Nullable BreakGlassGrant grantFor(SubjectConsent subject, DecisionRequest request) {
      for (BreakGlassGrant grant : subject.grants()) {
        if (grant.covers(request.sender(), request.recipient(), request.purpose(), request.at())) {
          return grant;
        }
      }
      return null;
    }

    private Reason breakGlass(BreakGlassGrant grant) {
      return new Reason(
          "break-glass",
          "A named person broke glass ("
              + grant.reference()
              + ", until "
              + grant.end()
              + ") to let "
              + grant.sender()
              + " disclose to "
              + grant.recipient()
              + " for the purpose "
              + purpose.code()
              + " although the person's consent would stop it; the grant is reviewed by the"
              + " partnership's IG lead.");
    }

    private Decision decideByConsent(DecisionRequest request, @Nullable SubjectConsent subject) {
      List<ConsentDirective> recorded = subject == null ? List.of() : subject.directives();
      List<ConsentDirective> directives = recorded;
      List<String> lapsed = List.of();
      if (lapses && !recorded.isEmpty()) {
        directives = new ArrayList<>(recorded.size());
        lapsed = new ArrayList<>();
        for (ConsentDirective d : recorded) {
          if (d.kind() == ConsentDirective.Kind.PERMIT && d.reviewOverdueAt(request.at())) {
            lapsed.add(d.reference());
          } else {
            directives.add(d);
          }
        }
      }
      if (!purpose.requiresExplicitConsent() && !anyRefusalApplies(directives, request)) {
        // The common case for people with directives: none refuses anything asked for here (a
        // permit changes nothing where consent is implied).
        return categories(request, plainReasons, List.of(), Set.of(), null);
      }

      List<String> used = new ArrayList<>();
      List<Reason> consentReasons = new ArrayList<>();
      Set<CategoryCode> consented = null; // null: every category
      if (purpose.requiresExplicitConsent()) {
        List<String> permits = new ArrayList<>();
        boolean all = false;
        Set<CategoryCode> union = new HashSet<>();
        for (ConsentDirective d : directives) {
          if (d.kind() == ConsentDirective.Kind.PERMIT
              && d.covers(request.purpose(), request.recipient(), request.at())) {
            permits.add(d.reference());
            all |= d.coversAllCategories();
            union.addAll(d.categories());
          }
        }
        if (permits.isEmpty()) {
          return lapsed.isEmpty() ? explicitConsentMissing : consentLapsed(request, lapsed);
        }
        used.addAll(permits);
        consented = all ? null : union;
        consentReasons.add(
            new Reason(
                "explicit-consent",
                "The person's explicit consent to disclose to "
                    + request.recipient()
                    + " for the purpose "
                    + purpose.code()
                    + " is recorded in "
                    + references(permits)
                    + "."));
      }

      List<String> refusedAll = new ArrayList<>();
      List<String> refusedSome = new ArrayList<>();
      Map<CategoryCode, List<String>> refusedCategories = new HashMap<>();
      for (ConsentDirective d : directives) {
        if (d.kind() == ConsentDirective.Kind.DENY
            && d.covers(request.purpose(), request.recipient(), request.at())) {
          if (d.coversAllCategories()) {
            refusedAll.add(d.reference());
          } else if (intersects(d.categories(), request.requestedCategories())) {
            // A refusal of categories nobody asked for changes nothing and is not cited.
            refusedSome.add(d.reference());
            for (CategoryCode c : d.categories()) {
              refusedCategories.computeIfAbsent(c, k -> new ArrayList<>()).add(d.reference());
            }
          }
        }
      }
      boolean refused = !refusedAll.isEmpty() || !refusedSome.isEmpty();
      ConsentOverride override = purpose.consentOverride();
      Reason impliedOrOverride = purpose.requiresExplicitConsent() ? null : impliedConsent;
      if (refused && override != null) {
        List<String> overridden = new ArrayList<>(refusedAll);
        overridden.addAll(refusedSome);
        used.addAll(overridden);
        impliedOrOverride =
            new Reason(
                "consent-overridden",
                "The person refused ("
                    + references(overridden)
                    + "), but the protocol lets the purpose "
                    + purpose.code()
                    + " proceed despite a refusal under "
                    + purpose.legalBasis().statutoryPower()
                    + ": "
                    + override.justification());
        refusedCategories.clear();
      } else if (!refusedAll.isEmpty()) {
        used.addAll(refusedAll);
        return denyWithFlow(
            List.of(
                new Reason(
                    "consent-refused",
                    "The person refused disclosure to "
                        + request.recipient()
                        + " for the purpose "
                        + purpose.code()
                        + " ("
                        + references(refusedAll)
                        + ").")),
            used);
      } else {
        used.addAll(refusedSome);
      }
      List<Reason> reasons = reasons(impliedOrOverride, consentReasons);
      return categories(
          request, reasons, used, refusedCategories.keySet(), consented, refusedCategories);
    }

    private Decision categories(
        DecisionRequest request,
        List<Reason> reasons,
        List<String> used,
        Set<CategoryCode> refused,
        @Nullable Set<CategoryCode> consented) {
      return categories(request, reasons, used, refused, consented, Map.of());
    }

    private Decision categories(
        DecisionRequest request,
        List<Reason> reasons,
        List<String> used,
        Set<CategoryCode> refused,
        @Nullable Set<CategoryCode> consented,
        Map<CategoryCode, List<String>> refusedBy) {
      Set<CategoryCode> requested = request.requestedCategories();
      boolean allPass = !requested.isEmpty();
      for (CategoryCode category : requested) {
        if (!flow.categories().contains(category)
            || refused.contains(category)
            || (consented != null && !consented.contains(category))) {
          allPass = false;
          break;
        }
      }
      if (allPass) {
        if (reasons == plainReasons && used.isEmpty() && requested.equals(flow.categories())) {
          return fullPermit;
        }
        return new Decision.Permit(
            protocol.ref(), flow, requested, Map.of(), reasons, used, obligations);
      }
      Set<CategoryCode> permitted = new TreeSet<>();
      Map<CategoryCode, Reason> withheld = new TreeMap<>();
      for (CategoryCode category : requested) {
        if (!flow.categories().contains(category)) {
          Reason known = notInFlow.get(category);
          withheld.put(category, known != null ? known : notInFlow(category, false));
        } else if (refused.contains(category)) {
          withheld.put(
              category,
              new Reason(
                  "consent-refused",
                  "The person refused disclosure of "
                      + category
                      + " to "
                      + request.recipient()
                      + " for the purpose "
                      + purpose.code()
                      + " ("
                      + references(refusedBy.getOrDefault(category, List.of()))
                      + ")."));
        } else if (consented != null && !consented.contains(category)) {
          withheld.put(
              category,
              new Reason(
                  "explicit-consent-missing",
                  "The person's explicit consent does not cover the category " + category + "."));
        } else {
          permitted.add(category);
        }
      }
      if (permitted.isEmpty()) {
        List<Reason> denial = new ArrayList<>();
        denial.add(
            new Reason(
                "no-category-permitted",
                requested.isEmpty()
                    ? "The request names no data category, so nothing may be disclosed."
                    : "None of the requested categories ("
                        + names(requested)
                        + ") may be disclosed along the flow "
                        + route
                        + "."));
        denial.addAll(withheld.values());
        return denyWithFlow(denial, used);
      }
      return new Decision.Permit(
          protocol.ref(), flow, permitted, withheld, reasons, used, obligations);
    }
  }
}
