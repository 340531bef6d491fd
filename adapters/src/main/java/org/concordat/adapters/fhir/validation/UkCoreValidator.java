package org.concordat.adapters.fhir.validation;

import static java.nio.charset.StandardCharsets.UTF_8;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.IssueKind;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.SafeXml;
import org.concordat.adapters.fhir.validation.ValidationIssue.Severity;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Validates FHIR R4 resources against the base specification and the UK Core profiles, with no
 * network: every definition comes from the classpath ({@code fhir/ukcore/}, and HAPI's R4 core
 * package). Codes from SNOMED CT, dm+d, LOINC and other systems that need a terminology server are
 * reported as warnings that they could not be checked, never as errors (see {@link
 * OfflineTerminology}); references to resources that are not there ({@code Patient/f001}) are not
 * followed, and only the type they name is checked.
 *
 * <p>Building one costs about a second and the first validation several more (HAPI generates the
 * profiles' snapshots and fills its caches), so build one per application with {@link #load}, share
 * it, and call {@link #warmUp} in the background at start-up. Thread-safe.
 */
public final class UkCoreValidator {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String UK_CORE_PATIENT =
      "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
  private static final String ETHNIC_CATEGORY =
      "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
  private static final String ETHNIC_CATEGORY_ENGLAND =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland";

  private final FhirContext context;
  private final FhirValidator validator;
  private final ValidationSupportChain support;
  private final List<StructureDefinition> profiles;
  private final SafeXml safeXml = new SafeXml();

  private UkCoreValidator(
      FhirContext context,
      FhirValidator validator,
      ValidationSupportChain support,
      List<StructureDefinition> profiles) {
    this.context = context;
    this.validator = validator;
    this.support = support;
    this.profiles = profiles;
  }

  /**
   * Builds the validation chain: the R4 core definitions, the packaged UK Core conformance
   * resources, HAPI's offline terminology (ValueSets that can be expanded in memory, and UCUM,
   * BCP-47 languages, ISO countries and currencies, MIME types), snapshot generation for the UK
   * Core profiles (they are published as differentials only), all behind the chain's cache.
   *
   * @param context an R4 context, usually the broker's one (it is thread-safe and costly to build)
   * @throws IllegalArgumentException if {@code context} is not FHIR R4
   * @throws IllegalStateException if the packaged UK Core resources are missing or unreadable
   */
  public static UkCoreValidator load(FhirContext context) {
    Objects.requireNonNull(context, "context");
    if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException(
          "UK Core is FHIR R4; the context is " + context.getVersion().getVersion());
    }
    PrePopulatedValidationSupport ukCore = new PrePopulatedValidationSupport(context);
    List<StructureDefinition> profiles = new ArrayList<>();
    for (IBaseResource resource : UkCorePackage.resources(context)) {
      ukCore.addResource(resource);
      if (resource instanceof StructureDefinition definition
          && definition.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE) {
        profiles.add(definition);
      }
    }
    // Order matters only for lookups that more than one member could answer: definitions first,
    // then terminology, then snapshots, which need the definitions.
    ValidationSupportChain support =
        new ValidationSupportChain(
            ValidationSupportChain.CacheConfiguration.defaultValues(),
            new DefaultProfileValidationSupport(context),
            ukCore,
            new CommonCodeSystemsTerminologyService(context),
            new InMemoryTerminologyServerValidationSupport(context),
            new SnapshotGeneratingValidationSupport(context));
    // No resource fetcher is set, and HAPI's default policy (FhirDefaultPolicyAdvisor) ignores a
    // reference it cannot resolve, so "Patient/f001" is neither fetched nor reported. Assuming such
    // REST references valid still checks the type they name against the element's targets.
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    instanceValidator.setAssumeValidRestReferences(true);
    // A profile named in meta.profile that the offline package does not hold (IHE BALP on the
    // broker's AuditEvents) is a warning: the resource is still checked against base R4 and every
    // UK Core profile it claims, which are all packaged.
    instanceValidator.setErrorForUnknownProfiles(false);
    FhirValidator validator = context.newValidator();
    validator.setValidateAgainstStandardSchema(false);
    validator.setValidateAgainstStandardSchematron(false);
    validator.registerValidatorModule(instanceValidator);
    return new UkCoreValidator(context, validator, support, List.copyOf(profiles));
  }

  /** Validates {@code resource} against the base R4 definitions and the profiles in its meta. */
  public ValidationReport validate(IBaseResource resource) {
    Objects.requireNonNull(resource, "resource");
    return report(validator.validateWithResult(resource));
  }

  /**
   * Validates {@code resource} against {@code profileUrl} as well as the profiles in its meta.
   *
   * @param profileUrl a canonical URL, such as {@code
   *     https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent}, optionally with {@code
   *     |version}
   * @throws IllegalArgumentException if the validator has no such profile (a caller's mistake)
   */
  public ValidationReport validate(IBaseResource resource, String profileUrl) {
    Objects.requireNonNull(resource, "resource");
    requireKnownProfile(profileUrl);
    return report(
        validator.validateWithResult(resource, new ValidationOptions().addProfile(profileUrl)));
  }

  /**
   * Validates FHIR JSON or XML text (told apart by its first character) against the base R4
   * definitions and the profiles in its meta. Text that is not well-formed, or not a FHIR resource,
   * gives a report with a fatal or error issue.
   *
   * @throws InvalidMessageException for text that is neither JSON nor XML ({@code
   *     UNSUPPORTED_MEDIA_TYPE}), XML with a DOCTYPE ({@code FORBIDDEN_XML_CONSTRUCT}, refused by
   *     {@link SafeXml} before HAPI sees it) or XML that is not well-formed ({@code MALFORMED}) —
   *     the same refusals as {@link org.concordat.adapters.fhir.NoticeParser}
   */
  public ValidationReport validate(String text) {
    Objects.requireNonNull(text, "text");
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    byte[] bytes = body.getBytes(UTF_8);
    switch (MessageFormat.detect(null, bytes)) {
      case XML -> safeXml.check(bytes);
      case JSON -> requireWellFormedJson(bytes);
    }
    return report(validator.validateWithResult(body));
  }

  /**
   * Does the slow first-time work now rather than on the first message: validates an empty instance
   * against each packaged UK Core profile, which generates the snapshots and fills the caches.
   * Takes several seconds; safe to run while other threads validate.
   */
  public void warmUp() {
    for (StructureDefinition profile : profiles) {
      IBaseResource empty = context.getResourceDefinition(profile.getType()).newInstance();
      validator.validateWithResult(empty, new ValidationOptions().addProfile(profile.getUrl()));
    }
    // Code systems, the language registry and both encodings are loaded on first use too.
    Patient patient = new Patient();
    patient.getMeta().addProfile(UK_CORE_PATIENT);
    patient.addIdentifier().setSystem(NoticeParser.NHS_NUMBER_SYSTEM).setValue("9990000018");
    patient.setGender(Enumerations.AdministrativeGender.UNKNOWN);
    patient.addCommunication().getLanguage().addCoding().setSystem("urn:ietf:bcp:47").setCode("en");
    patient
        .addExtension()
        .setUrl(ETHNIC_CATEGORY)
        .setValue(new CodeableConcept(new Coding(ETHNIC_CATEGORY_ENGLAND, "A", null)));
    validate(context.newJsonParser().encodeResourceToString(patient));
    validate(context.newXmlParser().encodeResourceToString(patient));
  }

  /**
   * HAPI's validator throws Gson's own exception for JSON that is not well-formed, and its message
   * quotes the document; this check refuses such JSON first and names only the position.
   */
  private static void requireWellFormedJson(byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.VALUE_STRING) {
          parser.getText(); // decodes the escapes, so a bad one is found here
        }
        if (token.isStructEnd() && parser.getParsingContext().inRoot()) {
          break;
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidMessageException(
            IssueKind.MALFORMED, "The JSON has more than one value at the top level");
      }
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw new InvalidMessageException(
          IssueKind.MALFORMED,
          "The JSON is not well-formed"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("Reading a byte array failed", e);
    }
  }

  private void requireKnownProfile(String profileUrl) {
    Objects.requireNonNull(profileUrl, "profileUrl");
    String url = profileUrl.split("\\|", 2)[0];
    if (support.fetchStructureDefinition(url) == null) {
      throw new IllegalArgumentException("The validator knows no profile " + profileUrl);
    }
  }

  private static ValidationReport report(ValidationResult result) {
    List<ValidationIssue> issues = new ArrayList<>();
    for (SingleValidationMessage message : result.getMessages()) {
      issues.add(
          OfflineTerminology.review(
              severity(message.getSeverity()),
              message.getMessageId(),
              Objects.requireNonNullElse(message.getLocationString(), ""),
              Objects.requireNonNullElse(message.getMessage(), "")));
    }
    return new ValidationReport(issues);
  }

  private static Severity severity(ResultSeverityEnum severity) {
    return switch (severity) {
      case FATAL -> Severity.FATAL;
      case ERROR -> Severity.ERROR;
      case WARNING -> Severity.WARNING;
      case INFORMATION -> Severity.INFORMATION;
    };
  }
}
