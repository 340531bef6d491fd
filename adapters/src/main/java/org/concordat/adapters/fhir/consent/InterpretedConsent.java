package org.concordat.adapters.fhir.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.subject.NhsNumber;
import org.jspecify.annotations.Nullable;

/**
 * A FHIR Consent as the broker understands it: whose it is, whether it is in force, the flat
 * directives the decision engine evaluates, and who gave, recorded and evidenced it.
 *
 * @param directives the root provision first, then each nested provision in document order; all
 *     carry the version reference the broker gave the Consent
 * @param recordedBy who recorded the consent (the {@code consent-recorded-by} extension, else
 *     {@code Consent.organization}); null when neither is given
 * @param recordedAt {@code Consent.dateTime}
 * @param reviewDate when to review the consent with the person (the {@code consent-review-date}
 *     extension); null when none is given
 * @param recorders the ODS codes of the organisations the Consent names as its recorder: {@code
 *     Consent.organization}, and any performer identified by an ODS code
 * @param unnamedRecorder whether a {@code Consent.organization} names no ODS code
 */
public record InterpretedConsent(
    NhsNumber subject,
    Status status,
    List<ConsentDirective> directives,
    GivenBy givenBy,
    @Nullable String recordedBy,
    @Nullable Instant recordedAt,
    @Nullable LocalDate reviewDate,
    Evidence evidence,
    Set<OdsCode> recorders,
    boolean unnamedRecorder) {

  /** {@code Consent.status}. */
  public enum Status {
    ACTIVE,
    INACTIVE,
    DRAFT,
    PROPOSED,
    REJECTED,
    ENTERED_IN_ERROR;

    /** Whether the directives apply: only an active Consent counts. */
    public boolean inForce() {
      return this == ACTIVE;
    }
  }

  public InterpretedConsent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(givenBy, "givenBy");
    Objects.requireNonNull(evidence, "evidence");
    directives = List.copyOf(directives);
    recorders = Set.copyOf(recorders);
  }

  /** Whether the directives apply: only an active Consent counts. */
  public boolean inForce() {
    return status.inForce();
  }

  /** Every purpose any directive names, for search; empty when none names one. */
  public Set<PurposeCode> purposes() {
    Set<PurposeCode> all = new TreeSet<>();
    directives.forEach(d -> all.addAll(d.purposes()));
    return Set.copyOf(all);
  }

  /** Every recipient any directive names, for search; empty when none names one. */
  public Set<OdsCode> recipients() {
    Set<OdsCode> all = new TreeSet<>();
    directives.forEach(d -> all.addAll(d.recipients()));
    return Set.copyOf(all);
  }

  /** Shows no names; the NHS number masks itself. */
  @Override
  public String toString() {
    return "InterpretedConsent[subject="
        + subject
        + ", status="
        + status
        + ", directives="
        + directives
        + ", givenBy="
        + givenBy
        + ", recordedAt="
        + recordedAt
        + ", reviewDate="
        + reviewDate
        + ", evidence="
        + evidence
        + "]";
  }
}
