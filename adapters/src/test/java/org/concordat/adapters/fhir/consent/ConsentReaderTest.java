package org.concordat.adapters.fhir.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.concordat.adapters.fhir.consent.Consents.nhsNumber;
import static org.concordat.adapters.fhir.consent.Consents.problems;
import static org.concordat.adapters.fhir.consent.Consents.read;
import static org.concordat.adapters.fhir.consent.Consents.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Consent around the provisions: the person, status, scope, who gave it, and evidence. */
class ConsentReaderTest {

  private static Consent withGivenBy(Consent consent, String code) {
    consent.getExtensionByUrl(ConsentFormat.GIVEN_BY_EXTENSION).setValue(new CodeType(code));
    return consent;
  }

  private static void without(Consent consent, String url) {
    consent.getExtension().removeIf(e -> url.equals(e.getUrl()));
  }

  private static Reference relatedPerson(String id, String display) {
    return new Reference("RelatedPerson/" + id).setDisplay(display);
  }

  @Test
  void readsTheDocumentedSample() {
    InterpretedConsent consent = read(sample());

    assertThat(consent.subject().value()).isEqualTo(Consents.SAMPLE_NHS_NUMBER);
    assertThat(consent.status()).isEqualTo(InterpretedConsent.Status.ACTIVE);
    assertThat(consent.inForce()).isTrue();
    assertThat(consent.directives()).hasSize(2);
    assertThat(consent.givenBy())
        .isEqualTo(new GivenBy(GivenBy.Kind.PERSON, "Rosa Whitfield (fictional)", null));
    assertThat(consent.recordedBy())
        .isEqualTo(
            "Aaron Clarke (fictional), social worker, Northmoorshire County Council Adult Social"
                + " Care");
    assertThat(consent.recordedAt()).isEqualTo(Instant.parse("2026-02-03T10:15:00Z"));
    assertThat(consent.reviewDate()).isEqualTo(LocalDate.of(2027, 1, 15));
    assertThat(consent.evidence())
        .isEqualTo(
            new Evidence(
                Evidence.Kind.ATTACHMENT, "Signed consent form CF-2026-00417 (fictional)"));
    assertThat(consent.purposes()).containsExactly(PurposeCode.of("housing-support"));
    assertThat(consent.recipients()).containsExactly(OdsCode.of("XVO001"));
  }

  @Test
  void everyDirectiveCarriesTheReferenceTheBrokerGave() {
    InterpretedConsent consent = Consents.reader().read(sample(), "Consent/9b1d/_history/7");

    assertThat(consent.directives())
        .extracting(ConsentDirective::reference)
        .containsOnly("Consent/9b1d/_history/7");
  }

  @Test
  void purposesAndRecipientsAreEveryDirectivesTogether() {
    Consent consent = sample();
    consent
        .getProvision()
        .getProvisionFirstRep()
        .addPurpose(Consents.purpose("safeguarding"))
        .addActor(Consents.actor("IRCP", Consents.ods("XLA001")));

    InterpretedConsent read = read(consent);

    assertThat(read.purposes())
        .containsExactlyInAnyOrder(
            PurposeCode.of("housing-support"), PurposeCode.of("safeguarding"));
    assertThat(read.recipients())
        .containsExactlyInAnyOrder(OdsCode.of("XVO001"), OdsCode.of("XLA001"));
  }

  @Test
  void showsNoPersonalDataInToStringOrProblems() {
    Consent consent = sample();
    String shown = read(consent).toString();
    consent.getPatient().getIdentifier().setValue("9990000043");
    String problems =
        catchThrowableOfType(ConsentRejectedException.class, () -> read(consent)).getMessage();

    assertThat(shown)
        .contains("ACTIVE", "housing-support", "XVO001")
        .doesNotContain(Consents.SAMPLE_NHS_NUMBER, "Rosa", "Whitfield", "Aaron", "CF-2026");
    assertThat(problems).contains("modulus 11").doesNotContain("9990000043");
  }

  // Status and scope

  @ParameterizedTest
  @CsvSource({
    "ACTIVE, ACTIVE, true",
    "INACTIVE, INACTIVE, false",
    "DRAFT, DRAFT, false",
    "PROPOSED, PROPOSED, false",
    "REJECTED, REJECTED, false",
    "ENTEREDINERROR, ENTERED_IN_ERROR, false"
  })
  void onlyAnActiveConsentIsInForce(
      ConsentState state, InterpretedConsent.Status status, boolean inForce) {
    Consent consent = sample().setStatus(state);

    assertThat(read(consent).status()).isEqualTo(status);
    assertThat(read(consent).inForce()).isEqualTo(inForce);
  }

  @Test
  void consentWithoutAStatusIsRefused() {
    Consent consent = sample();
    consent.setStatusElement(null);

    assertThat(problems(consent)).containsExactly("Consent.status: is missing");
  }

  @ParameterizedTest
  @CsvSource({
    "treatment, a treatment consent",
    "research, a research consent",
    "adr, an advance directive (adr)"
  })
  void consentOfAnotherScopeIsNotAnInformationSharingDirective(String scope, String what) {
    Consent consent = sample();
    consent.getScope().getCodingFirstRep().setCode(scope);

    assertThat(problems(consent))
        .containsExactly(
            "Consent.scope: Concordat records information-sharing directives (scope"
                + " http://terminology.hl7.org/CodeSystem/consentscope|patient-privacy); "
                + what
                + " is not one");
  }

  // The person

  @Test
  void nhsNumberWrittenWithSpacesIsRead() {
    Consent consent = sample();
    consent.getPatient().getIdentifier().setValue("999 000 0042");

    assertThat(read(consent).subject().value()).isEqualTo(Consents.SAMPLE_NHS_NUMBER);
  }

  @Test
  void invalidNhsNumberIsRefused() {
    Consent consent = sample();
    consent.getPatient().getIdentifier().setValue("999000004");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.patient.identifier: the NHS number is not valid: An NHS number has 10 digits;"
                + " this one has 9 characters");
  }

  @Test
  void personIdentifiedOnlyByALiteralReferenceIsRefused() {
    Consent consent = sample();
    consent.setPatient(new Reference("Patient/f001"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.patient: the person is identified by an NHS number (identifier system"
                + " https://fhir.nhs.uk/Id/nhs-number), but this Consent refers to Patient/f001"
                + " only");
  }

  // When

  @Test
  void consentWithoutADateTimeIsRefused() {
    Consent consent = sample();
    consent.setDateTimeElement(null);

    assertThat(problems(consent))
        .containsExactly(
            "Consent.dateTime: is missing; Concordat records when each consent was given");
  }

  @Test
  void dateTimeWithOnlyADateIsMidnightUkTime() {
    Consent consent = sample();
    consent.setDateTimeElement(new DateTimeType("2026-07-01"));

    assertThat(read(consent).recordedAt()).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
  }

  @Test
  void reviewDateBeforeTheConsentWasRecordedIsRefused() {
    Consent consent = sample();
    consent
        .getExtensionByUrl(ConsentFormat.REVIEW_DATE_EXTENSION)
        .setValue(new DateType("2026-02-02"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.extension(consent-review-date): is before the consent was recorded"
                + " (Consent.dateTime)");
  }

  @Test
  void consentWithoutAReviewDateHasNone() {
    Consent consent = sample();
    without(consent, ConsentFormat.REVIEW_DATE_EXTENSION);

    assertThat(read(consent).reviewDate()).isNull();
  }

  // Who gave it

  @Test
  void lastingPowerOfAttorneyNamesTheAttorney() {
    Consent consent = withGivenBy(sample(), "lasting-power-of-attorney");
    consent.getPerformer().clear();
    consent.addPerformer(relatedPerson("attorney-1", "Tom Whitfield (fictional)"));

    assertThat(read(consent).givenBy())
        .isEqualTo(
            new GivenBy(GivenBy.Kind.LASTING_POWER_OF_ATTORNEY, "Tom Whitfield (fictional)", null));
  }

  @Test
  void lastingPowerOfAttorneyWithoutTheAttorneyIsRefused() {
    Consent consent = withGivenBy(sample(), "lasting-power-of-attorney");
    consent.getPerformer().clear();

    assertThat(problems(consent))
        .containsExactly(
            "Consent.performer: is missing: a consent given under a lasting power of attorney"
                + " names the attorney (a RelatedPerson)");
  }

  @Test
  void attorneyIsNotThePersonThemselves() {
    Consent consent = withGivenBy(sample(), "lasting-power-of-attorney");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.performer: an attorney acts for the person, so is not the Patient; refer to"
                + " them as a RelatedPerson");
  }

  @Test
  void bestInterestsDecisionNamesTheDecisionMaker() {
    Consent consent = withGivenBy(sample(), "best-interests-decision");
    consent.getPerformer().clear();
    consent.addExtension(
        ConsentFormat.DECISION_MAKER_EXTENSION,
        new Reference("Practitioner/dm-7").setDisplay("Dr Nadia Osei (fictional)"));

    assertThat(read(consent).givenBy())
        .isEqualTo(
            new GivenBy(GivenBy.Kind.BEST_INTERESTS_DECISION, null, "Dr Nadia Osei (fictional)"));
  }

  @Test
  void bestInterestsDecisionWithoutADecisionMakerIsRefused() {
    Consent consent = withGivenBy(sample(), "best-interests-decision");
    consent.getPerformer().clear();

    assertThat(problems(consent))
        .containsExactly(
            "Consent.extension(consent-decision-maker): is missing: a best-interests decision"
                + " names who made it (Mental Capacity Act 2005 s4)");
  }

  @Test
  void bestInterestsDecisionIsNotMadeByThePerson() {
    Consent consent = withGivenBy(sample(), "best-interests-decision");
    consent.addExtension(
        ConsentFormat.DECISION_MAKER_EXTENSION, new Reference().setDisplay("Dr Nadia Osei"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.performer: a best-interests decision is made for a person who lacks"
                + " capacity, not by them");
  }

  @Test
  void decisionMakerBelongsOnlyToABestInterestsDecision() {
    Consent consent = sample();
    consent.addExtension(
        ConsentFormat.DECISION_MAKER_EXTENSION, new Reference().setDisplay("Dr Nadia Osei"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.extension(consent-decision-maker): only a best-interests decision has"
                + " a decision maker");
  }

  @Test
  void someoneElseWithoutAStatedAuthorityIsOther() {
    Consent consent = sample();
    without(consent, ConsentFormat.GIVEN_BY_EXTENSION);
    consent.getPerformer().clear();
    consent.addPerformer(relatedPerson("peter", "Peter Whitfield (fictional)"));

    assertThat(read(consent).givenBy())
        .isEqualTo(new GivenBy(GivenBy.Kind.OTHER, "Peter Whitfield (fictional)", null));
  }

  @Test
  void nobodyNamedAndNoAuthorityStatedMeansThePersonThemselves() {
    Consent consent = sample();
    without(consent, ConsentFormat.GIVEN_BY_EXTENSION);
    consent.getPerformer().clear();

    assertThat(read(consent).givenBy()).isEqualTo(new GivenBy(GivenBy.Kind.PERSON, null, null));
  }

  @Test
  void personGivingConsentThemselvesIsNotSomeoneElse() {
    Consent consent = sample();
    consent.getPerformer().clear();
    consent.addPerformer(relatedPerson("peter", "Peter Whitfield (fictional)"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.performer: the consent-given-by extension says the person gave consent"
                + " themselves, but Consent.performer names someone else");
  }

  @Test
  void performerWhoIsAnotherPatientIsRefused() {
    Consent consent = sample();
    consent.getPerformerFirstRep().getIdentifier().setValue("9990000018");

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith("Consent.performer[0]: is a different person from Consent.patient");
  }

  @Test
  void givenByCodeMustBeOneItTakes() {
    Consent consent = withGivenBy(sample(), "next-of-kin");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.extension(consent-given-by): 'next-of-kin' is not a code it takes; it takes"
                + " person, lasting-power-of-attorney or best-interests-decision");
  }

  @Test
  void organisationCannotGiveConsentForAPerson() {
    Consent consent = sample();
    without(consent, ConsentFormat.GIVEN_BY_EXTENSION);
    consent.getPerformer().clear();
    consent.addPerformer(new Reference("Organization/o1"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith("Consent.performer[0]: an organisation cannot give consent for a person");
  }

  // Who recorded it, and the evidence

  @Test
  void recordedByIsTheOrganisationWhenNoMemberOfStaffIsNamed() {
    Consent consent = sample();
    without(consent, ConsentFormat.RECORDED_BY_EXTENSION);

    assertThat(read(consent).recordedBy())
        .isEqualTo("Northmoorshire County Council Adult Social Care (fictional)");
  }

  @Test
  void scannedFormLargerThanFiveMebibytesIsRefused() {
    Consent consent = sample();
    consent
        .getSourceAttachment()
        .setUrl(null)
        .setData(new byte[ConsentFormat.MAX_ATTACHMENT_BYTES + 1]);

    assertThat(problems(consent))
        .containsExactly(
            "Consent.sourceAttachment.data: has 5242881 bytes; at most 5242880 (5 MiB) are"
                + " accepted inline. Keep the scanned form in a document store and give its url");
  }

  @Test
  void scannedFormUpToFiveMebibytesIsAttachmentEvidence() {
    Consent consent = sample();
    byte[] form = new byte[ConsentFormat.MAX_ATTACHMENT_BYTES];
    Arrays.fill(form, (byte) '%');
    consent.getSourceAttachment().setUrl(null).setData(form);

    assertThat(read(consent).evidence().kind()).isEqualTo(Evidence.Kind.ATTACHMENT);
  }

  @Test
  void attachmentWithOnlyATitleIsNoEvidence() {
    Consent consent = sample();
    consent.setSource(new Attachment().setTitle("The terms of the consent"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.sourceAttachment: has neither data nor url, so it is not evidence of anything"
                + " (a title is not a form). Attach the scanned form, give its url, or leave"
                + " sourceAttachment out");
  }

  @Test
  void sourceReferenceIsEvidenceInAnotherRecord() {
    Consent consent = sample();
    consent.setSource(new Reference("DocumentReference/consent-form-417"));

    assertThat(read(consent).evidence())
        .isEqualTo(new Evidence(Evidence.Kind.REFERENCE, "DocumentReference/consent-form-417"));
  }

  @Test
  void consentWithoutASourceHasNoEvidence() {
    Consent consent = sample();
    consent.setSource(null);

    assertThat(read(consent).evidence()).isEqualTo(Evidence.NONE);
  }

  // Extensions, and everything at once

  @Test
  void modifierExtensionOnTheConsentIsRefused() {
    Consent consent = sample();
    consent.addModifierExtension(new Extension("https://example.org/only-on-tuesdays"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.modifierExtension: Concordat does not understand the modifier"
                + " extension https://example.org/only-on-tuesdays");
  }

  @Test
  void misspeltConcordatExtensionIsRefused() {
    Consent consent = sample();
    consent.addExtension(
        ConsentFormat.EXTENSION_PREFIX + "consent-reveiw-date", new DateType("2027-01-15"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.extension: Concordat defines no Consent extension"
                + " https://fhir.concordat.example/StructureDefinition/consent-reveiw-date; check"
                + " its URL");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Consent consent = sample();
    consent.setPatient(new Reference("Patient/p1"));
    consent.setDateTimeElement(null);
    consent.getScope().getCodingFirstRep().setCode("treatment");
    consent.getProvision().getPurposeFirstRep().setCode("housing-advice");

    assertThat(problems(consent))
        .extracting(p -> p.substring(0, p.indexOf(':')))
        .containsExactly(
            "Consent.scope", "Consent.patient", "Consent.dateTime", "Consent.provision.purpose[0]");
  }

  @Test
  void readingWithoutAReferenceIsABug() {
    assertThatThrownBy(() -> Consents.reader().read(sample(), " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectionListsItsProblemsInItsMessage() {
    ConsentRejectedException e =
        new ConsentRejectedException(java.util.List.of("Consent.status: is missing"));

    assertThat(e.problems()).containsExactly("Consent.status: is missing");
    assertThat(e.getMessage())
        .isEqualTo("The Consent cannot be recorded: Consent.status: is missing");
    assertThat(Set.of()).isEmpty();
    assertThat(nhsNumber("9990000042").getIdentifier().getValue()).isEqualTo("9990000042");
  }
}
