package org.concordat.broker.subject;

import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.broker.web.FhirAccess;
import org.concordat.broker.web.FhirProvider;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * {@code GET /fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|N[&date=...]}:
 * the ledger's disclosures and denials about one person as FHIR AuditEvents (IHE BALP privacy
 * disclosure at source), each naming its ledger index so it can be proven. Read-only: the ledger is
 * written only by the pipeline.
 */
public class AuditEventProvider implements IResourceProvider, FhirProvider {
  public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private final SubjectAccess subjects;
  private final AuditEvents mapping;

  public AuditEventProvider(SubjectAccess subjects, AuditEvents mapping) {
    this.subjects = subjects;
    this.mapping = mapping;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return AuditEvent.class;
  }

  @Search
  public List<AuditEvent> search(
      @RequiredParam(name = AuditEvent.SP_PATIENT + ":identifier") TokenParam patient,
      @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date) {
    // The ledger's view of a person is for information governance alone.
    FhirAccess.requireAnyRole(FhirAccess.IG, FhirAccess.ADMIN);
    if (!NHS_NUMBER_SYSTEM.equals(patient.getSystem()) || patient.getValue() == null) {
      throw invalid(
          "Search by the person's NHS number: patient:identifier=" + NHS_NUMBER_SYSTEM + "|N");
    }
    NhsNumber person;
    try {
      person = NhsNumber.parse(patient.getValue());
    } catch (InvalidNhsNumberException e) {
      throw invalid(Objects.requireNonNullElse(e.getMessage(), "Not a valid NHS number."));
    }
    return subjects.entries(person).stream()
        .filter(entry -> entry.body() instanceof DisclosureBody)
        .filter(entry -> within(entry, date))
        .map(entry -> mapping.of(entry, person))
        .toList();
  }

  private static boolean within(LedgerEntry entry, DateRangeParam range) {
    if (range == null) {
      return true;
    }
    Date time = Date.from(entry.time());
    Date lower = range.getLowerBoundAsInstant();
    Date upper = range.getUpperBoundAsInstant();
    return (lower == null || !time.before(lower)) && (upper == null || !time.after(upper));
  }

  private static InvalidRequestException invalid(String text) {
    InvalidRequestException exception = new InvalidRequestException(text);
    exception.setOperationOutcome(OperationOutcomes.error(IssueType.INVALID, text));
    return exception;
  }
}
