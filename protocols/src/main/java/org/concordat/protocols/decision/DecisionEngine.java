package org.concordat.protocols.decision;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
import org.concordat.protocols.consent.DirectivePrecedence;
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
              ReasonCode.PROTOCOL_NOT_YET_VALID,
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
              ReasonCode.SENDER_NOT_A_PARTY,
              "The sender "
                  + request.sender()
                  + " is not a party to the protocol "
                  + protocolName
                  + "."));
    }
    if (!recipientKnown) {
      refusals.add(
          new Reason(
              ReasonCode.RECIPIENT_NOT_A_PARTY,
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
              ReasonCode.UNKNOWN_PURPOSE,
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
        withdrawn ? ReasonCode.PARTY_WITHDRAWN : ReasonCode.PARTY_SUSPENDED,
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
            ReasonCode.NO_MATCHING_FLOW,
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

  private static String references(Collection<ConsentDirective> directives) {
    return directives.stream().map(ConsentDirective::reference).collect(Collectors.joining(", "));
  }

  /** Adds the directives' references to {@code into}; returns them in order. */
  private static List<String> references(List<ConsentDirective> directives, Set<String> into) {
    List<String> references = new ArrayList<>(directives.size());
    for (ConsentDirective d : directives) {
      references.add(d.reference());
      into.add(d.reference());
    }
    return references;
  }

  /** "; it is more recent than, and so overrides, the person's earlier refusal (...)". */
  private static String overrides(Set<String> overridden, String what) {
    return overridden.isEmpty()
        ? ""
        : "; it is more recent than, and so overrides, the person's earlier "
            + what
            + " ("
            + String.join(", ", overridden)
            + ")";
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
                  ReasonCode.FLOW_MATCHED,
                  "The protocol "
                      + protocolName
                      + " has a flow "
                      + route
                      + " with categories "
                      + names(flow.categories())
                      + "."),
              new Reason(ReasonCode.LEGAL_BASIS, purpose.legalBasis().describe()));
      this.impliedConsent =
          purpose.impliedConsent()
              ? new Reason(
                  ReasonCode.IMPLIED_CONSENT,
                  "The purpose "
                      + purpose.code()
                      + " is the person's direct care, so their consent is implied unless they"
                      + " refuse.")
              : null;
      this.optOutChecked =
          purpose.optOutApplies()
              ? new Reason(
                  ReasonCode.NATIONAL_DATA_OPT_OUT_CHECKED,
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
                ReasonCode.RETENTION,
                "The recipient keeps what it receives for at most "
                    + retention
                    + " (ISO-8601 period), then deletes it."));
      }
      for (String condition : flow.conditions()) {
        duties.add(new Obligation("condition", condition));
        obligationReasons.add(
            new Reason(
                ReasonCode.CONDITION,
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
                      ReasonCode.EXPLICIT_CONSENT_MISSING,
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
                      ReasonCode.NATIONAL_DATA_OPT_OUT,
                      "The national data opt-out applies to the purpose "
                          + purpose.code()
                          + " and the person has opted out.")),
              List.of());
      this.optOutUnknown =
          denyWithFlow(
              List.of(
                  new Reason(
                      ReasonCode.OPT_OUT_STATUS_UNKNOWN,
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
          ReasonCode.CATEGORY_NOT_IN_FLOW,
          "The flow "
              + route
              + " does not include the category "
              + category
              + (defined ? "" : " (the protocol " + protocolName + " defines no such category)")
              + ".");
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
                  ReasonCode.CONSENT_LAPSED,
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
        OptOutStatus optOut =
            subject == null ? OptOutStatus.UNKNOWN : subject.optOutAt(request.at());
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
          ReasonCode.BREAK_GLASS,
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
      Instant at = request.at();
      Set<CategoryCode> requested = request.requestedCategories();
      List<ConsentDirective> applicable = recorded.isEmpty() ? List.of() : new ArrayList<>();
      List<String> lapsed = List.of();
      boolean refusalApplies = false;
      boolean permitApplies = false;
      for (int i = 0, n = recorded.size(); i < n; i++) {
        ConsentDirective d = recorded.get(i);
        if (!d.covers(request.purpose(), request.recipient(), at)) {
          continue;
        }
        if (lapses && d.kind() == ConsentDirective.Kind.PERMIT && d.reviewOverdueAt(at)) {
          if (lapsed.isEmpty()) {
            lapsed = new ArrayList<>();
          }
          lapsed.add(d.reference());
          continue;
        }
        applicable.add(d);
        if (d.kind() == ConsentDirective.Kind.PERMIT) {
          permitApplies = true;
        } else if (d.coversAllCategories() || intersects(d.categories(), requested)) {
          // A refusal of categories nobody asked for changes nothing and is not cited.
          refusalApplies = true;
        }
      }
      boolean explicit = purpose.requiresExplicitConsent();
      if (!explicit && !refusalApplies) {
        // The common case for people with directives: none refuses anything asked for here (a
        // permit changes nothing where consent is implied).
        return categories(request, plainReasons, List.of(), Set.of(), null);
      }
      if (explicit && !permitApplies) {
        return lapsed.isEmpty() ? nearMiss(request, recorded) : consentLapsed(request, lapsed);
      }

      // For each requested category of the flow, the most recent directive that covers it governs.
      Set<String> permits = new LinkedHashSet<>();
      Set<String> refusals = new LinkedHashSet<>();
      Set<String> overriddenByPermits = new LinkedHashSet<>();
      Set<String> overriddenByRefusals = new LinkedHashSet<>();
      Map<CategoryCode, List<String>> refusedBy = new HashMap<>();
      Set<CategoryCode> consented = explicit ? new HashSet<>() : null;
      boolean outright = true; // every category asked for is refused by a refusal of everything
      int inFlow = 0;
      for (CategoryCode category : requested) {
        if (!flow.categories().contains(category)) {
          continue;
        }
        inFlow++;
        DirectivePrecedence.Governing governing =
            DirectivePrecedence.governing(applicable, category);
        if (governing == null) {
          outright = false;
        } else if (governing.kind() == ConsentDirective.Kind.DENY) {
          List<String> by = references(governing.governing(), refusals);
          refusedBy.put(category, by);
          references(governing.overridden(), overriddenByRefusals);
          outright &= governing.coversAllCategories();
        } else {
          references(governing.governing(), permits);
          references(governing.overridden(), overriddenByPermits);
          if (consented != null) {
            consented.add(category);
          }
          outright = false;
        }
      }
      outright &= inFlow > 0;

      ConsentOverride override = purpose.consentOverride();
      List<Reason> consentReasons = new ArrayList<>();
      Reason impliedOrOverride = explicit ? null : impliedConsent;
      List<String> used = new ArrayList<>();
      if (!refusedBy.isEmpty() && override != null) {
        // The safeguarding override: the refusals are cited and set aside; with explicit consent
        // required, what the person's permits cover is what may go.
        if (consented != null) {
          for (CategoryCode category : refusedBy.keySet()) {
            for (ConsentDirective d : applicable) {
              if (d.kind() == ConsentDirective.Kind.PERMIT && d.coversCategory(category)) {
                consented.add(category);
                permits.add(d.reference());
              }
            }
          }
        }
        if (explicit && !permits.isEmpty()) {
          consentReasons.add(explicitConsent(request, permits, overriddenByPermits));
        }
        used.addAll(permits);
        used.addAll(refusals);
        impliedOrOverride =
            new Reason(
                ReasonCode.CONSENT_OVERRIDDEN,
                "The person refused ("
                    + String.join(", ", refusals)
                    + "), but the protocol lets the purpose "
                    + purpose.code()
                    + " proceed despite a refusal under "
                    + purpose.legalBasis().statutoryPower()
                    + ": "
                    + override.justification());
        return categories(
            request, reasons(impliedOrOverride, consentReasons), used, Set.of(), consented);
      }
      if (outright) {
        used.addAll(refusals);
        used.addAll(overriddenByRefusals);
        return denyWithFlow(
            List.of(
                new Reason(
                    ReasonCode.CONSENT_REFUSED,
                    "The person refused disclosure to "
                        + request.recipient()
                        + " for the purpose "
                        + purpose.code()
                        + " ("
                        + String.join(", ", refusals)
                        + ")"
                        + overrides(overriddenByRefusals, "consent")
                        + ".")),
            used);
      }
      if (explicit) {
        if (!permits.isEmpty()) {
          consentReasons.add(explicitConsent(request, permits, overriddenByPermits));
        }
      } else if (!overriddenByPermits.isEmpty()) {
        impliedOrOverride =
            new Reason(
                ReasonCode.IMPLIED_CONSENT,
                "The purpose "
                    + purpose.code()
                    + " is the person's direct care, so their consent is implied unless they"
                    + " refuse; their permit ("
                    + String.join(", ", permits)
                    + ") is more recent than, and so overrides, their refusal ("
                    + String.join(", ", overriddenByPermits)
                    + ").");
      }
      used.addAll(permits);
      used.addAll(overriddenByPermits);
      for (String refusal : refusals) {
        if (!used.contains(refusal)) {
          used.add(refusal);
        }
      }
      for (String permit : overriddenByRefusals) {
        if (!used.contains(permit)) {
          used.add(permit);
        }
      }
      List<Reason> reasons = reasons(impliedOrOverride, consentReasons);
      return categories(request, reasons, used, refusedBy.keySet(), consented, refusedBy);
    }

    private Reason explicitConsent(
        DecisionRequest request, Set<String> permits, Set<String> overridden) {
      return new Reason(
          ReasonCode.EXPLICIT_CONSENT,
          "The person's explicit consent to disclose to "
              + request.recipient()
              + " for the purpose "
              + purpose.code()
              + " is recorded in "
              + String.join(", ", permits)
              + overrides(overridden, "refusal")
              + ".");
    }

    /**
     * Why the person's explicit consent cannot be found: a permit that ended, or one for another
     * recipient or purpose, is named so that the person's worker sees what to fix.
     */
    private Decision.Deny nearMiss(DecisionRequest request, List<ConsentDirective> recorded) {
      if (recorded.isEmpty()) {
        return explicitConsentMissing;
      }
      Instant at = request.at();
      List<ConsentDirective> expired = new ArrayList<>();
      List<ConsentDirective> otherRecipient = new ArrayList<>();
      List<ConsentDirective> otherPurpose = new ArrayList<>();
      for (ConsentDirective d : recorded) {
        if (d.kind() != ConsentDirective.Kind.PERMIT) {
          continue;
        }
        boolean forPurpose = d.coversPurpose(request.purpose());
        boolean forRecipient = d.coversRecipient(request.recipient());
        Instant end = d.end();
        if (forPurpose && forRecipient && end != null && !at.isBefore(end)) {
          expired.add(d);
        } else if (forPurpose && !forRecipient && d.inPeriodAt(at)) {
          otherRecipient.add(d);
        } else if (!forPurpose && forRecipient && d.inPeriodAt(at)) {
          otherPurpose.add(d);
        }
      }
      if (expired.isEmpty() && otherRecipient.isEmpty() && otherPurpose.isEmpty()) {
        return explicitConsentMissing;
      }
      List<Reason> reasons = new ArrayList<>();
      List<String> cited = new ArrayList<>();
      if (!expired.isEmpty()) {
        reasons.add(
            new Reason(
                ReasonCode.CONSENT_EXPIRED,
                "The purpose "
                    + purpose.code()
                    + " needs the person's explicit consent; their consent to disclose to "
                    + request.recipient()
                    + " for it ended before "
                    + at
                    + " ("
                    + expired.stream()
                        .map(d -> d.reference() + " ended " + d.end())
                        .collect(Collectors.joining(", "))
                    + "), so it must be given again."));
        expired.forEach(d -> cited.add(d.reference()));
      }
      if (!otherRecipient.isEmpty()) {
        Set<String> named = new TreeSet<>();
        otherRecipient.forEach(d -> d.recipients().forEach(r -> named.add(r.value())));
        reasons.add(
            new Reason(
                ReasonCode.CONSENT_FOR_OTHER_RECIPIENT,
                "The person's explicit consent for the purpose "
                    + purpose.code()
                    + " ("
                    + references(otherRecipient)
                    + ") names "
                    + String.join(", ", named)
                    + " as recipient, not "
                    + request.recipient()
                    + "."));
        otherRecipient.forEach(d -> cited.add(d.reference()));
      }
      if (!otherPurpose.isEmpty()) {
        Set<String> named = new TreeSet<>();
        otherPurpose.forEach(d -> d.purposes().forEach(p -> named.add(p.value())));
        reasons.add(
            new Reason(
                ReasonCode.CONSENT_FOR_OTHER_PURPOSE,
                "The person's explicit consent to disclose to "
                    + request.recipient()
                    + " ("
                    + references(otherPurpose)
                    + ") is for "
                    + String.join(", ", named)
                    + ", not for the purpose "
                    + purpose.code()
                    + "."));
        otherPurpose.forEach(d -> cited.add(d.reference()));
      }
      return denyWithFlow(reasons, cited);
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
                  ReasonCode.CONSENT_REFUSED,
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
                  ReasonCode.EXPLICIT_CONSENT_MISSING,
                  "The person's explicit consent does not cover the category " + category + "."));
        } else {
          permitted.add(category);
        }
      }
      if (permitted.isEmpty()) {
        List<Reason> denial = new ArrayList<>();
        denial.add(
            new Reason(
                ReasonCode.NO_CATEGORY_PERMITTED,
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
