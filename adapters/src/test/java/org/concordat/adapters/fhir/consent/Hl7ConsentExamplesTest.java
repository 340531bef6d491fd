package org.concordat.adapters.fhir.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.concordat.adapters.fhir.Notices;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every FHIR R4 Consent example, read as published and "adapted" (see SOURCE.md beside them: the
 * patient becomes an NHS number and Organization/f001 becomes the partner RXM; nothing else
 * changes).
 *
 * <p>The verdicts were written from reading each example, not from the reader's output. Each
 * expected reason is a fragment of exactly one problem, and the problems are exactly those: a
 * reason the reader gives that is not listed here fails the test as much as a missing one.
 */
class Hl7ConsentExamplesTest {
  private static final String NHS_NUMBER = "9990000034";
  private static final String PATIENT_F001 =
      "Consent.patient: the person is identified by an NHS number (identifier system"
          + " https://fhir.nhs.uk/Id/nhs-number), but this Consent refers to Patient/f001 only";
  private static final String EMPTY_ATTACHMENT =
      "Consent.sourceAttachment: has neither data nor url";
  private static final String PERMIT_WITHOUT_PURPOSE =
      "Consent.provision.purpose: a permit names the purposes the person agrees to";
  private static final String F001_ONLY =
      ".reference: the recipient is identified by an ODS code (identifier system"
          + " https://fhir.nhs.uk/Id/ods-organization-code), but this Consent refers to"
          + " Organization/f001 only";

  /**
   * One example.
   *
   * @param adapted the reasons the adapted example is refused (empty: accepted)
   * @param alsoAsPublished the further reasons the example as published is refused
   */
  record Example(String id, String meaning, List<String> adapted, List<String> alsoAsPublished) {
    @Override
    public String toString() {
      return id + ": " + meaning;
    }
  }

  static Stream<Example> examples() {
    return Stream.of(
        new Example(
            "consent-example-basic",
            "OPTIN with only a period: a blanket permit for no stated purpose, and a 'source"
                + " attachment' that is only a title",
            List.of(EMPTY_ATTACHMENT, PERMIT_WITHOUT_PURPOSE),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-Emergency",
            "OPTOUT (deny) for emergency treatment of data held by the hospital (custodian), with"
                + " a nested deny; the narrative's permit exception is not coded",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.actor[0].role: the role CST (custodian) limits the provision by"
                    + " who holds, wrote or takes part in a record",
                "Consent.provision.purpose[0]: v3-ActReason ETREAT is not a purpose this"
                    + " partnership's protocol defines",
                "Consent.provision.provision[0].actor[0].role: the role CST (custodian)"),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-grantor",
            "OPTOUT (deny) of access to the hospital's data (custodian) by an individual",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.actor[0].role: the role CST (custodian)",
                "Consent.provision.actor[1].reference: Concordat decides disclosures between"
                    + " organisations; Patient/example is a person"),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-notAuthor",
            "OPTIN (permit) about records the hospital is custodian of; the narrative says"
                + " withhold, the coding says opt in",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.actor[0].role: the role CST (custodian)",
                PERMIT_WITHOUT_PURPOSE),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-notOrg",
            "a deny of access and correction to Good Health Clinic as primary recipient, under an"
                + " OPTIN policy rule that contradicts it",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.type: is deny but Consent.policyRule is OPTIN (opt-in)"),
            List.of(PATIENT_F001, "Consent.provision.actor[0]" + F001_ONLY)),
        new Example(
            "consent-example-notThem",
            "OPTIN (permit) with one nurse as primary recipient; the narrative says withhold",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.actor[0].reference: Concordat decides disclosures between"
                    + " organisations; Practitioner/f204 is a person",
                PERMIT_WITHOUT_PURPOSE),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-notThis",
            "OPTIN (permit) about one specific record, Task/example3",
            List.of(
                EMPTY_ATTACHMENT,
                "Consent.provision.data: Concordat enforces consent by purpose, recipient and data"
                    + " category; it cannot enforce a directive about particular records"
                    + " (Task/example3)",
                PERMIT_WITHOUT_PURPOSE),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-notTime",
            "OPTIN (permit) for January 2015 with no stated purpose; the narrative says withhold",
            List.of(EMPTY_ATTACHMENT, PERMIT_WITHOUT_PURPOSE),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-Out",
            "OPTOUT (deny) of the data the hospital is custodian of",
            List.of(EMPTY_ATTACHMENT, "Consent.provision.actor[0].role: the role CST (custodian)"),
            List.of(PATIENT_F001)),
        new Example(
            "consent-example-pkb",
            "OPTOUT (deny) of access by the clinic to normal-confidentiality data, with eleven"
                + " untyped nested provisions by security label (PSY, SPI, SEX, N)",
            pkbAdapted(),
            pkbAlsoAsPublished()),
        new Example(
            "consent-example-signature",
            "OPTIN (permit) to a practitioner for a year, with a nested permit for CDA documents"
                + " of two LOINC types written by one author",
            List.of(
                "Consent.provision.actor[0].reference: Concordat decides disclosures between"
                    + " organisations; Practitioner/13 is a person",
                "Consent.provision.provision[0].actor[0].role: the role AUT (author)",
                "Consent.provision.provision[0].class[0]: the class"
                    + " urn:ietf:bcp:13|application/hl7-cda+xml is not one Concordat reads",
                "Consent.provision.provision[0].code[0]: http://loinc.org|34133-9 is not a data"
                    + " category",
                "Consent.provision.provision[0].code[1]: http://loinc.org|18842-5 is not a data"
                    + " category",
                PERMIT_WITHOUT_PURPOSE),
            List.of(
                "Consent.patient: the person is identified by an NHS number (identifier system"
                    + " https://fhir.nhs.uk/Id/nhs-number), but this Consent refers to Patient/72"
                    + " only")),
        new Example(
            "consent-example-smartonfhir",
            "OPTIN (permit) for half an hour, given by a RelatedPerson, with a nested permit for"
                + " MedicationRequest resources",
            List.of(
                "Consent.provision.provision[0].class[0]: no data category of protocol"
                    + " northmoor-integrated-care 2.0.0 selects MedicationRequest resources",
                PERMIT_WITHOUT_PURPOSE),
            List.of(
                "Consent.patient: the person is identified by an NHS number (identifier system"
                    + " https://fhir.nhs.uk/Id/nhs-number), but this Consent refers to"
                    + " Patient/xcda only")));
  }

  /** The root and each of the eleven nested provisions carries a security label. */
  private static List<String> pkbAdapted() {
    List<String> reasons = new ArrayList<>();
    reasons.add("Consent.provision.securityLabel: Concordat does not read security labels");
    IntStream.range(0, 11)
        .forEach(
            i -> {
              reasons.add("Consent.provision.provision[" + i + "].type: is missing");
              reasons.add(
                  "Consent.provision.provision[" + i + "].securityLabel: Concordat does not read");
            });
    return reasons;
  }

  /** Every provision's actor is Organization/f001, and the patient is Patient/example. */
  private static List<String> pkbAlsoAsPublished() {
    List<String> reasons = new ArrayList<>();
    reasons.add(
        "Consent.patient: the person is identified by an NHS number (identifier system"
            + " https://fhir.nhs.uk/Id/nhs-number), but this Consent refers to Patient/example"
            + " only");
    reasons.add("Consent.provision.actor[0]" + F001_ONLY);
    IntStream.range(0, 11)
        .forEach(i -> reasons.add("Consent.provision.provision[" + i + "].actor[0]" + F001_ONLY));
    return reasons;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void refusesEachExampleAsPublished(Example example) {
    List<String> expected = new ArrayList<>(example.adapted());
    expected.addAll(example.alsoAsPublished());

    assertRefusedFor(Consents.hl7Example(example.id()), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void readsEachAdaptedExampleByItsOwnContent(Example example) {
    assertRefusedFor(adapted(Consents.hl7Example(example.id())), example.adapted());
  }

  private static void assertRefusedFor(Consent consent, List<String> expected) {
    ConsentRejectedException rejected =
        catchThrowableOfType(
            ConsentRejectedException.class,
            () -> Consents.reader().read(consent, Consents.REFERENCE));

    assertThat(rejected).as("rejected").isNotNull();
    List<String> unmatched = new ArrayList<>(rejected.problems());
    for (String fragment : expected) {
      String match = unmatched.stream().filter(p -> p.contains(fragment)).findFirst().orElse(null);
      assertThat(match)
          .as("a problem containing \"%s\" among %s", fragment, rejected.problems())
          .isNotNull();
      unmatched.remove(match);
    }
    assertThat(unmatched).as("problems not expected").isEmpty();
  }

  /** The person by NHS number; Organization/f001 as the partner RXM. Nothing else changes. */
  static Consent adapted(Consent consent) {
    consent.setPatient(
        new Reference()
            .setIdentifier(
                new Identifier().setSystem(ConsentFormat.NHS_NUMBER_SYSTEM).setValue(NHS_NUMBER)));
    for (Reference reference :
        Notices.fhir()
            .context()
            .newTerser()
            .getAllPopulatedChildElementsOfType(consent, Reference.class)) {
      if ("Organization/f001".equals(reference.getReference())) {
        reference.setReference(null);
        reference.setIdentifier(
            new Identifier().setSystem(ConsentFormat.ODS_ORGANISATION_SYSTEM).setValue("RXM"));
      }
    }
    return consent;
  }
}
