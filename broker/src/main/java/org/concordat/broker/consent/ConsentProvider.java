package org.concordat.broker.consent;

import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.broker.consent.ConsentRegistry.Recorded;
import org.concordat.broker.consent.ConsentRegistry.Viewer;
import org.concordat.broker.ledger.LedgerUnavailableException;
import org.concordat.broker.web.FhirAccess;
import org.concordat.broker.web.FhirProvider;
import org.concordat.protocols.sharing.OdsCode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

/**
 * {@code /fhir/Consent}: consent directives as FHIR R4 Consent (UK Core). Create and update make a
 * new version (the old one stays readable through {@code _history}); withdrawing is an update to
 * status {@code inactive}; delete is refused. Partner systems record and see their own directives;
 * IG leads and administrators see every directive.
 *
 * <p>A create or update answers with the stored version and, in the header {@value
 * #RECEIPT_HEADER}, the base64 of the signed consent receipt. When another directive in force fully
 * overrides what was recorded, it answers instead with an OperationOutcome whose warnings say so.
 * Who may record, see, change and withdraw a directive is {@code RecordingAuthority}'s rule,
 * applied by the registry.
 */
public class ConsentProvider implements IResourceProvider, FhirProvider {
  public static final String RECEIPT_HEADER = "X-Concordat-Consent-Receipt";

  private final ConsentRegistry registry;

  public ConsentProvider(ConsentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return Consent.class;
  }

  @Create
  public MethodOutcome create(@ResourceParam Consent consent, HttpServletResponse response) {
    OdsCode recorder = FhirAccess.partner().ods();
    return outcome(call(() -> registry.create(consent, recorder)), true, response);
  }

  @Update
  public MethodOutcome update(
      @IdParam IdType id,
      @ResourceParam Consent consent,
      RequestDetails request,
      HttpServletResponse response) {
    OdsCode recorder = FhirAccess.partner().ods();
    Integer expected = ifMatch(request.getHeader("If-Match"));
    return outcome(
        call(() -> registry.update(id.getIdPart(), consent, recorder, expected)), false, response);
  }

  @Read(version = true)
  public Consent read(@IdParam IdType id) {
    Integer version = id.hasVersionIdPart() ? parseVersion(id.getVersionIdPart()) : null;
    return call(() -> registry.read(id.getIdPart(), version, viewer())).resource();
  }

  @History
  public List<Consent> history(@IdParam IdType id) {
    return call(() -> registry.history(id.getIdPart(), viewer())).stream()
        .map(ConsentRegistry.ConsentVersion::resource)
        .toList();
  }

  @Search
  public List<Consent> search(
      @OptionalParam(name = "patient:identifier") TokenParam patient,
      @OptionalParam(name = "status") TokenParam status,
      @OptionalParam(name = "purpose") TokenParam purpose,
      @OptionalParam(name = "actor:identifier") TokenParam actor,
      @OptionalParam(name = "date") DateRangeParam date) {
    String nhsNumber = null;
    if (patient != null) {
      nhsNumber = identifier(patient, NoticeParser.NHS_NUMBER_SYSTEM, "patient:identifier");
    }
    if (status != null && !ConsentRegistry.STATUSES.contains(status.getValue())) {
      throw invalid(
          "status: '"
              + status.getValue()
              + "' is not a Consent status (draft, proposed, active, rejected, inactive,"
              + " entered-in-error).");
    }
    String recipient = actor == null ? null : identifier(actor, ODS_SYSTEM, "actor:identifier");
    ConsentRegistry.Search search =
        new ConsentRegistry.Search(
            nhsNumber,
            status == null ? null : status.getValue(),
            purpose == null ? null : purpose.getValue(),
            recipient,
            date == null || date.getLowerBoundAsInstant() == null
                ? null
                : date.getLowerBoundAsInstant().toInstant(),
            date == null || date.getUpperBoundAsInstant() == null
                ? null
                : date.getUpperBoundAsInstant().toInstant().plusMillis(1));
    return call(() -> registry.search(search, viewer())).stream()
        .map(ConsentRegistry.ConsentVersion::resource)
        .toList();
  }

  @Delete
  public MethodOutcome delete(@IdParam IdType id) {
    String text =
        "Consent directives are never deleted, so that their history stays complete and"
            + " provable. To withdraw Consent/"
            + id.getIdPart()
            + ", update it with status 'inactive'.";
    throw withOutcome(new MethodNotAllowedException(text), IssueType.NOTSUPPORTED, text);
  }

  static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";

  private static String identifier(TokenParam param, String system, String name) {
    String given = param.getSystem();
    if (given != null && !given.isEmpty() && !given.equals(system)) {
      throw invalid(name + ": the identifier system must be " + system + ", not " + given + ".");
    }
    String value = param.getValue();
    if (value == null || value.isBlank()) {
      throw invalid(
          name + ": the identifier value is missing, e.g. " + name + "=" + system + "|...");
    }
    return value;
  }

  /** A partner sees its own directives; IG and administrators all; anyone else nothing. */
  private static Viewer viewer() {
    if (FhirAccess.hasRole(FhirAccess.PARTNER)) {
      return new Viewer(FhirAccess.partner().ods());
    }
    FhirAccess.requireAnyRole(FhirAccess.IG, FhirAccess.ADMIN);
    return Viewer.GOVERNANCE;
  }

  private static @Nullable Integer ifMatch(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String version = header.strip();
    if (version.startsWith("W/")) {
      version = version.substring(2);
    }
    return parseVersion(version.replace("\"", ""));
  }

  private static int parseVersion(String text) {
    try {
      int version = Integer.parseInt(text);
      if (version < 1) {
        throw new NumberFormatException();
      }
      return version;
    } catch (NumberFormatException e) {
      throw invalid("'" + text + "' is not a version number (1, 2, ...).");
    }
  }

  private static MethodOutcome outcome(
      Recorded recorded, boolean created, HttpServletResponse response) {
    MethodOutcome outcome = new MethodOutcome();
    outcome.setId(recorded.resource().getIdElement());
    outcome.setCreated(created);
    if (recorded.warnings().isEmpty()) {
      outcome.setResource(recorded.resource());
    } else {
      // The warnings must reach the caller: the answer is an OperationOutcome (the stored version
      // is at the Location given, and readable as usual).
      OperationOutcome warnings = new OperationOutcome();
      for (String warning : recorded.warnings()) {
        OperationOutcomes.addIssue(
            warnings, IssueSeverity.WARNING, IssueType.BUSINESSRULE, warning);
      }
      OperationOutcomes.addIssue(
          warnings,
          IssueSeverity.INFORMATION,
          IssueType.INFORMATIONAL,
          "Recorded as " + recorded.resource().getIdElement().toUnqualified().getValue() + ".");
      // HAPI answers with the MethodOutcome's resource; here that is the OperationOutcome.
      outcome.setResource(warnings);
      outcome.setOperationOutcome(warnings);
    }
    response.setHeader(
        RECEIPT_HEADER,
        Base64.getEncoder().encodeToString(recorded.receipt().getBytes(StandardCharsets.UTF_8)));
    return outcome;
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(Call<T> call) {
    try {
      return call.run();
    } catch (ConsentRequestException e) {
      throw translate(e);
    } catch (LedgerUnavailableException e) {
      String text = "The ledger is not available, so nothing was recorded; try again later.";
      throw withOutcome(
          new UnclassifiedServerFailureException(503, text), IssueType.TRANSIENT, text);
    }
  }

  private static BaseServerResponseException translate(ConsentRequestException e) {
    OperationOutcome outcome = e.outcome();
    if (outcome == null) {
      outcome = new OperationOutcome();
      IssueType type =
          switch (e.kind()) {
            case INVALID -> IssueType.INVALID;
            case NOT_FOUND -> IssueType.NOTFOUND;
            case CONFLICT -> IssueType.CONFLICT;
            case FORBIDDEN -> IssueType.FORBIDDEN;
            case NOT_ALLOWED -> IssueType.NOTSUPPORTED;
            case UNAVAILABLE -> IssueType.TRANSIENT;
          };
      for (String problem : e.problems()) {
        OperationOutcomes.addIssue(outcome, IssueSeverity.ERROR, type, problem);
      }
    }
    String text = e.getMessage();
    BaseServerResponseException http =
        switch (e.kind()) {
          case INVALID -> new UnprocessableEntityException(text);
          case NOT_FOUND -> new ResourceNotFoundException(text);
          case CONFLICT -> new ResourceVersionConflictException(text);
          case FORBIDDEN -> new ForbiddenOperationException(text);
          case NOT_ALLOWED -> new MethodNotAllowedException(text);
          case UNAVAILABLE -> new UnclassifiedServerFailureException(503, text);
        };
    http.setOperationOutcome(outcome);
    return http;
  }

  private static InvalidRequestException invalid(String text) {
    return withOutcome(new InvalidRequestException(text), IssueType.INVALID, text);
  }

  private static <E extends BaseServerResponseException> E withOutcome(
      E exception, IssueType type, String text) {
    exception.setOperationOutcome(OperationOutcomes.error(type, text));
    return exception;
  }
}
