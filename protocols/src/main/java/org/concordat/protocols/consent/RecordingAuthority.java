package org.concordat.protocols.consent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;

/**
 * Who may record, see, change and withdraw a consent directive, under one protocol:
 *
 * <ul>
 *   <li>a partner records directives only as itself: every organisation the Consent names as its
 *       recorder ({@code Consent.organization}, or a performer identified by ODS code) is the
 *       authenticated partner, named by its ODS code;
 *   <li>a recipient never records the consent that opens a flow to itself: a permit that covers a
 *       flow from another party to the recording partner is refused (a refusal only ever narrows,
 *       so anyone may record one);
 *   <li>the partners that recorded any version of a directive, and the sender of every flow a
 *       version's permit opens, may see it; the recorders may change it, and a sender whose flow it
 *       opens may withdraw it.
 * </ul>
 *
 * <p>A refusal is a value: each broken rule with a plain sentence that names organisations,
 * purposes and elements, never the person.
 */
public final class RecordingAuthority {
  private final Protocol protocol;

  public RecordingAuthority(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  /** The rules, each with a stable code for answers and tests. */
  public enum Rule {
    /** The Consent names another organisation as its recorder: forbidden. */
    RECORDS_ONLY_AS_ITSELF("records-only-as-itself"),
    /** The Consent names its recording organisation without an ODS code: cannot be checked. */
    RECORDER_NAMED_BY_ODS_CODE("recorder-named-by-ods-code"),
    /** A recipient recorded a permit that opens a flow to itself: forbidden. */
    RECIPIENT_NEVER_OPENS_ITS_OWN_FLOW("recipient-never-opens-its-own-flow"),
    /** A partner changed a directive it neither recorded nor may withdraw: forbidden. */
    CHANGED_ONLY_BY_RECORDER_OR_WITHDRAWN_BY_SENDER(
        "changed-only-by-recorder-or-withdrawn-by-sender");

    private final String code;

    Rule(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }

    /** Whether breaking it means the caller may not (403), rather than the Consent is unclear. */
    public boolean forbids() {
      return this != RECORDER_NAMED_BY_ODS_CODE;
    }
  }

  /** One broken rule, with a sentence free of personal data. */
  public record Refusal(Rule rule, String problem) {
    public Refusal {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * Whether {@code partner} may record a Consent that reads as {@code directives}.
   *
   * @param namedRecorders the ODS codes the Consent names as its recording organisation
   * @param unnamedRecorder whether it names a recording organisation without an ODS code
   * @return every broken rule; empty when it may
   */
  public List<Refusal> mayRecord(
      OdsCode partner,
      Set<OdsCode> namedRecorders,
      boolean unnamedRecorder,
      List<ConsentDirective> directives) {
    List<Refusal> refusals = new ArrayList<>();
    Set<String> others = new TreeSet<>();
    namedRecorders.stream().filter(o -> !o.equals(partner)).forEach(o -> others.add(o.value()));
    if (!others.isEmpty()) {
      refusals.add(
          new Refusal(
              Rule.RECORDS_ONLY_AS_ITSELF,
              "Consent.organization: the Consent says it was recorded by "
                  + String.join(", ", others)
                  + ", but it is sent by "
                  + partner
                  + "; a partner records directives only as itself (its own ODS code in"
                  + " Consent.organization, and performers of its own organisation)."));
    }
    if (unnamedRecorder) {
      refusals.add(
          new Refusal(
              Rule.RECORDER_NAMED_BY_ODS_CODE,
              "Consent.organization: name the recording organisation by its ODS code"
                  + " (identifier system https://fhir.nhs.uk/Id/ods-organization-code, value "
                  + partner
                  + "), so that the broker can check it is the partner that sends it."));
    }
    Set<String> opened = new TreeSet<>();
    for (Flow flow : protocol.flows()) {
      if (flow.to().equals(partner) && !flow.from().equals(partner) && opens(directives, flow)) {
        opened.add(flow.purpose() + " from " + flow.from());
      }
    }
    if (!opened.isEmpty()) {
      refusals.add(
          new Refusal(
              Rule.RECIPIENT_NEVER_OPENS_ITS_OWN_FLOW,
              "Consent.provision: this permit would let information flow to "
                  + partner
                  + " itself ("
                  + String.join("; ", opened)
                  + "); a recipient never records the consent that opens a flow to itself."
                  + " The sending partner, or another partner that took the person's consent,"
                  + " records it."));
    }
    return refusals;
  }

  /**
   * Whether {@code partner} may change a directive whose versions were recorded by {@code
   * recorders} and whose current version reads as {@code current}.
   *
   * @param withdrawal whether the change withdraws it (status {@code inactive})
   */
  public List<Refusal> mayChange(
      OdsCode partner,
      Collection<OdsCode> recorders,
      List<ConsentDirective> current,
      boolean withdrawal,
      String reference) {
    if (recorders.contains(partner) || (withdrawal && sendersOpened(current).contains(partner))) {
      return List.of();
    }
    Set<String> names = new TreeSet<>();
    recorders.forEach(r -> names.add(r.value()));
    boolean sender = sendersOpened(current).contains(partner);
    return List.of(
        new Refusal(
            Rule.CHANGED_ONLY_BY_RECORDER_OR_WITHDRAWN_BY_SENDER,
            reference
                + " was recorded by "
                + String.join(", ", names)
                + "; only the organisation that recorded a directive may change it"
                + (sender
                    ? ", and " + partner + ", whose flow it opens, may only withdraw it"
                    : ", and a partner whose flow it opens may withdraw it")
                + "."));
  }

  /**
   * Whether {@code partner} may see a directive recorded by {@code recorders} that reads as {@code
   * directives}: it recorded a version, or a permit opens one of its flows.
   */
  public boolean maySee(
      OdsCode partner, Collection<OdsCode> recorders, List<ConsentDirective> directives) {
    return recorders.contains(partner) || sendersOpened(directives).contains(partner);
  }

  /** The senders of the protocol's flows that a permit among {@code directives} opens. */
  public Set<OdsCode> sendersOpened(List<ConsentDirective> directives) {
    Set<OdsCode> senders = new TreeSet<>();
    for (Flow flow : protocol.flows()) {
      if (opens(directives, flow)) {
        senders.add(flow.from());
      }
    }
    return senders;
  }

  /** A permit opens a flow when it covers the flow's purpose and recipient. */
  private static boolean opens(List<ConsentDirective> directives, Flow flow) {
    for (ConsentDirective d : directives) {
      if (d.kind() == ConsentDirective.Kind.PERMIT
          && d.coversPurpose(flow.purpose())
          && d.coversRecipient(flow.to())) {
        return true;
      }
    }
    return false;
  }
}
