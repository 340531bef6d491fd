package org.concordat.adapters.fhir.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordat.adapters.fhir.consent.Consents.actor;
import static org.concordat.adapters.fhir.consent.Consents.category;
import static org.concordat.adapters.fhir.consent.Consents.ods;
import static org.concordat.adapters.fhir.consent.Consents.period;
import static org.concordat.adapters.fhir.consent.Consents.problems;
import static org.concordat.adapters.fhir.consent.Consents.provision;
import static org.concordat.adapters.fhir.consent.Consents.purpose;
import static org.concordat.adapters.fhir.consent.Consents.read;
import static org.concordat.adapters.fhir.consent.Consents.resourceType;
import static org.concordat.adapters.fhir.consent.Consents.root;
import static org.concordat.adapters.fhir.consent.Consents.sample;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentDirective.Kind;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** How provisions become directives: nesting, purposes, recipients, categories and periods. */
class ProvisionsTest {
  private static final PurposeCode HOUSING_SUPPORT = PurposeCode.of("housing-support");
  private static final PurposeCode DIRECT_CARE = PurposeCode.of("direct-care");
  private static final OdsCode XVO001 = OdsCode.of("XVO001");
  private static final Instant FEB_3_2026 = Instant.parse("2026-02-03T00:00:00Z");
  private static final Instant FEB_3_2027 = Instant.parse("2027-02-03T00:00:00Z");

  /** The sample with its nested provisions removed: permit housing-support to XVO001. */
  private static Consent permitOnly() {
    Consent consent = sample();
    root(consent).getProvision().clear();
    return consent;
  }

  /** A refusal of everything to everyone, then narrowed by the test. */
  private static Consent denyOnly() {
    Consent consent = sample();
    consent.setProvision(provision(ConsentProvisionType.DENY));
    consent.getPolicyRule().getCodingFirstRep().setCode("OPTOUT");
    return consent;
  }

  private static ConsentDirective directive(
      Kind kind,
      Set<PurposeCode> purposes,
      Set<OdsCode> recipients,
      Set<CategoryCode> categories,
      Instant start,
      Instant end) {
    return new ConsentDirective(
        Consents.REFERENCE, kind, purposes, recipients, categories, start, end);
  }

  private static Set<CategoryCode> categories(String... codes) {
    return Set.of(codes).stream()
        .map(CategoryCode::of)
        .collect(java.util.stream.Collectors.toSet());
  }

  // Nesting

  @Test
  void nestedDenyExceptionInheritsItsParentsPurposeRecipientsAndPeriod() {
    List<ConsentDirective> directives = read(sample()).directives();

    assertThat(directives)
        .containsExactly(
            directive(
                Kind.PERMIT,
                Set.of(HOUSING_SUPPORT),
                Set.of(XVO001),
                Set.of(),
                FEB_3_2026,
                FEB_3_2027),
            directive(
                Kind.DENY,
                Set.of(HOUSING_SUPPORT),
                Set.of(XVO001),
                categories("benefits"),
                FEB_3_2026,
                FEB_3_2027));
  }

  @Test
  void nestedDenyExceptionKeepsTheDimensionsItStates() {
    Consent consent = sample();
    root(consent)
        .getProvisionFirstRep()
        .addPurpose(purpose("direct-care"))
        .setPeriod(period("2026-06-01", null));

    ConsentDirective exception = read(consent).directives().get(1);

    assertThat(exception.kind()).isEqualTo(Kind.DENY);
    assertThat(exception.purposes()).containsExactly(DIRECT_CARE);
    assertThat(exception.recipients()).containsExactly(XVO001);
    assertThat(exception.categories()).isEqualTo(categories("benefits"));
    assertThat(exception.start()).isEqualTo(Instant.parse("2026-05-31T23:00:00Z"));
    assertThat(exception.end()).as("the parent's end").isEqualTo(FEB_3_2027);
  }

  @Test
  void exceptionsAtEveryDepthBecomeDirectivesInDocumentOrder() {
    Consent consent = permitOnly();
    ProvisionComponent first = provision(ConsentProvisionType.DENY).addCode(category("benefits"));
    ProvisionComponent second = provision(ConsentProvisionType.DENY).addCode(category("housing"));
    first.addProvision(
        provision(ConsentProvisionType.DENY)
            .addCode(category("benefits"))
            .setPeriod(period("2026-03-01", "2026-03-31")));
    root(consent).addProvision(first).addProvision(second);

    assertThat(read(consent).directives())
        .extracting(ConsentDirective::kind, ConsentDirective::categories)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.PERMIT, Set.of()),
            org.assertj.core.groups.Tuple.tuple(Kind.DENY, categories("benefits")),
            org.assertj.core.groups.Tuple.tuple(Kind.DENY, categories("benefits")),
            org.assertj.core.groups.Tuple.tuple(Kind.DENY, categories("housing")));
  }

  @Test
  void permitInsideADenyIsRefusedSayingHowToRecordItInstead() {
    Consent consent = denyOnly();
    root(consent).addPurpose(purpose("housing-support"));
    root(consent)
        .addProvision(
            provision(ConsentProvisionType.PERMIT).addActor(actor("IRCP", ods("XVO001"))));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith("Consent.provision.provision[0]: a permit inside a deny")
        .contains("any refusal that covers a disclosure win over every permission")
        .contains("Record instead a deny that names only what the person refuses");
  }

  @Test
  void permitInsideADenyExceptionOfAPermitIsRefusedToo() {
    Consent consent = sample();
    root(consent)
        .getProvisionFirstRep()
        .addProvision(provision(ConsentProvisionType.PERMIT).addCode(category("benefits")));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith("Consent.provision.provision[0].provision[0]: a permit inside a deny");
  }

  @Test
  void nestedPermitMayOnlyNarrowThePermitItBelongsTo() {
    Consent consent = permitOnly();
    root(consent)
        .addProvision(provision(ConsentProvisionType.PERMIT).addPurpose(purpose("direct-care")));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.provision[0].purpose: names direct-care, which the provision"
                + " it belongs to does not cover");
  }

  @Test
  void nestedPermitThatNarrowsIsAnotherPermit() {
    Consent consent = permitOnly();
    root(consent).addProvision(provision(ConsentProvisionType.PERMIT).addCode(category("housing")));

    assertThat(read(consent).directives())
        .extracting(ConsentDirective::kind)
        .containsExactly(Kind.PERMIT, Kind.PERMIT);
  }

  @Test
  void nestedProvisionStatesItsType() {
    Consent consent = sample();
    root(consent).getProvisionFirstRep().setTypeElement(null);

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.provision[0].type: is missing: a nested provision is an exception to"
                + " the provision it belongs to, and says whether it permits or denies");
  }

  @Test
  void provisionsNestedUpToEightDeepAreRead() {
    Consent consent = permitOnly();
    nestDenies(root(consent), ProvisionReader.MAX_DEPTH);

    assertThat(read(consent).directives()).hasSize(1 + ProvisionReader.MAX_DEPTH);
  }

  @Test
  void provisionsNestedMoreThanEightDeepAreRefused() {
    Consent consent = permitOnly();
    nestDenies(root(consent), ProvisionReader.MAX_DEPTH + 1);

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision"
                + ".provision[0]".repeat(ProvisionReader.MAX_DEPTH + 1)
                + ": provisions are nested more than 8 deep; record them less deeply");
  }

  private static void nestDenies(ProvisionComponent parent, int levels) {
    ProvisionComponent deepest = parent;
    for (int i = 0; i < levels; i++) {
      ProvisionComponent child = provision(ConsentProvisionType.DENY).addCode(category("benefits"));
      deepest.addProvision(child);
      deepest = child;
    }
  }

  // Permit or deny

  @Test
  void optOutPolicyWithoutATypeIsADeny() {
    Consent consent = sample();
    root(consent).setTypeElement(null);
    root(consent).getProvision().clear();
    consent.getPolicyRule().getCodingFirstRep().setCode("OPTOUT");

    assertThat(read(consent).directives())
        .singleElement()
        .extracting(ConsentDirective::kind)
        .isEqualTo(Kind.DENY);
  }

  @Test
  void optInPolicyWithoutATypeIsAPermit() {
    Consent consent = permitOnly();
    root(consent).setTypeElement(null);

    assertThat(read(consent).directives().get(0).kind()).isEqualTo(Kind.PERMIT);
  }

  @Test
  void policyRuleThatContradictsTheTypeIsRefused() {
    Consent consent = sample();
    consent.getPolicyRule().getCodingFirstRep().setCode("OPTOUT");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.type: is permit but Consent.policyRule is OPTOUT (opt-out), so"
                + " whether the person agrees or refuses is unclear. Make the two agree, or leave"
                + " policyRule out");
  }

  @Test
  void consentThatSaysNeitherPermitNorDenyIsRefused() {
    Consent consent = sample();
    root(consent).setTypeElement(null);
    consent.setPolicyRule(null);

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.type: is missing and Consent.policyRule is not OPTIN or"
                + " OPTOUT");
  }

  @Test
  void denyWithoutPurposesRecipientsOrCategoriesRefusesEverything() {
    ConsentDirective refusal = read(denyOnly()).directives().get(0);

    assertThat(refusal.kind()).isEqualTo(Kind.DENY);
    assertThat(refusal.purposes()).isEmpty();
    assertThat(refusal.recipients()).isEmpty();
    assertThat(refusal.coversAllCategories()).isTrue();
    assertThat(refusal.start()).isNull();
    assertThat(refusal.end()).isNull();
  }

  // Purposes

  @Test
  void permitNamesThePurposesThePersonAgreesTo() {
    Consent consent = permitOnly();
    root(consent).getPurpose().clear();

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.purpose: a permit names the purposes the person agrees to"
                + " (UK GDPR consent is specific)");
  }

  @Test
  void unknownPurposeCodeIsRefusedNamingIt() {
    Consent consent = permitOnly();
    root(consent).getPurposeFirstRep().setCode("housing-advice");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.purpose[0]: 'housing-advice' is not a purpose that protocol"
                + " northmoor-integrated-care 2.0.0 defines (it defines hospital-discharge,"
                + " direct-care, cpa-care-planning, s117-aftercare, safeguarding, housing-support,"
                + " pooled-budget-reporting, carers-assessment)");
  }

  @Test
  void hl7TreatmentPurposeOfUseMeansDirectCare() {
    Consent consent = permitOnly();
    root(consent).getPurpose().clear();
    root(consent).addPurpose(new Coding(ConsentFormat.ACT_REASON_SYSTEM, "TREAT", null));

    assertThat(read(consent).purposes()).containsExactly(DIRECT_CARE);
  }

  @Test
  void otherHl7PurposesOfUseAreNotPurposesOfTheProtocol() {
    Consent consent = permitOnly();
    root(consent).addPurpose(new Coding(ConsentFormat.ACT_REASON_SYSTEM, "ETREAT", null));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.purpose[1]: v3-ActReason ETREAT is not a purpose this partnership's"
                + " protocol defines. Concordat reads only TREAT (as direct-care) from"
                + " v3-ActReason; use a purpose code from"
                + " https://fhir.concordat.example/CodeSystem/sharing-purpose");
  }

  @Test
  void purposeFromAnotherCodeSystemIsRefused() {
    Consent consent = permitOnly();
    root(consent).getPurposeFirstRep().setSystem("http://snomed.info/sct");

    assertThat(problems(consent))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "Consent.provision.purpose[0]: the purpose system"
                            + " http://snomed.info/sct is not one Concordat reads"));
  }

  // Recipients

  @Test
  void primaryRecipientIsARecipientTooAndOdsCodesAreReadInAnyCase() {
    Consent consent = permitOnly();
    root(consent).getActor().clear();
    root(consent).addActor(actor("PRCP", ods("xla001")));

    assertThat(read(consent).recipients()).containsExactly(OdsCode.of("XLA001"));
  }

  @Test
  void recipientThatIsNotAPartyIsRefusedNamingIt() {
    Consent consent = permitOnly();
    root(consent).addActor(actor("IRCP", ods("XZZ999")));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.actor[1].reference.identifier: 'XZZ999' is not a party to protocol"
                + " northmoor-integrated-care 2.0.0 (its parties are QXN, RXA, RXM, XLA001,"
                + " XVO001)");
  }

  @Test
  void recipientWhoIsAPersonIsRefusedBecauseConcordatDecidesBetweenOrganisations() {
    Consent consent = permitOnly();
    root(consent).addActor(actor("IRCP", new Reference("Practitioner/p42")));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.actor[1].reference: Concordat decides disclosures between"
                + " organisations; Practitioner/p42 is a person, so a directive about them cannot"
                + " be enforced. Name the organisation they belong to by its ODS code, or record"
                + " the wish in the person's care record");
  }

  @Test
  void recipientNamedOnlyByALiteralReferenceIsRefused() {
    Consent consent = permitOnly();
    root(consent).addActor(actor("IRCP", new Reference("Organization/abc")));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.actor[1].reference: the recipient is identified by an ODS code"
                + " (identifier system https://fhir.nhs.uk/Id/ods-organization-code), but this"
                + " Consent refers to Organization/abc only");
  }

  @Test
  void actorsInRolesOtherThanRecipientCannotBeEnforced() {
    Consent consent = permitOnly();
    root(consent).addActor(actor("AUT", ods("RXA")));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.actor[1].role: the role AUT (author) limits the provision by"
                + " who holds, wrote or takes part in a record");
  }

  // Data categories

  @Test
  void classMapsToEveryCategorySelectingThatResourceType() {
    Consent consent = sample();
    root(consent).getProvisionFirstRep().getCode().clear();
    root(consent).getProvisionFirstRep().addClass_(resourceType("Flag"));

    assertThat(read(consent).directives().get(1).categories())
        .isEqualTo(categories("mental-health-act-status", "safeguarding-concerns"));
  }

  @Test
  void permitByClassCoversTheCategoriesSelectedFromThatResourceType() {
    Consent consent = permitOnly();
    root(consent).addClass_(resourceType("Patient"));

    assertThat(read(consent).directives().get(0).categories())
        .isEqualTo(categories("demographics", "contacts"));
  }

  @Test
  void permitForPartOfACategoryIsRefusedButADenyRefusesAllOfIt() throws Exception {
    // A protocol in which 'housing' also selects from Patient.
    String yaml =
        Files.readString(Consents.EXAMPLE_PROTOCOL)
            .replace(
                "      Observation: [\"Observation.where(category.coding.code = 'housing').value\"]",
                "      Observation: [\"Observation.where(category.coding.code = 'housing').value\"]\n"
                    + "      Patient: [Patient.address]");
    Protocol protocol = ProtocolReader.read("protocol.yaml", yaml);
    assertThat(protocol.category(CategoryCode.of("housing")).orElseThrow().fhirPaths())
        .containsKeys("Observation", "Patient");
    Consent permit = permitOnly();
    root(permit).addClass_(resourceType("Observation"));
    Consent deny = sample();
    root(deny).getProvisionFirstRep().getCode().clear();
    root(deny).getProvisionFirstRep().addClass_(resourceType("Observation"));

    ConsentRejectedException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConsentRejectedException.class,
            () -> new ConsentReader(protocol).read(permit, Consents.REFERENCE));
    InterpretedConsent denied = new ConsentReader(protocol).read(deny, Consents.REFERENCE);

    assertThat(refused.problems())
        .containsExactly(
            "Consent.provision.class: a permit for Observation resources would permit only part of"
                + " data category 'housing', which also selects Patient; name the category with"
                + " provision.code instead");
    assertThat(denied.directives().get(1).categories()).isEqualTo(categories("housing"));
  }

  @Test
  void codeAndClassTogetherSelectOnlyWhatBothName() {
    Consent consent = permitOnly();
    root(consent).addCode(category("housing")).addCode(category("demographics"));
    root(consent).addClass_(resourceType("Observation"));

    assertThat(read(consent).directives().get(0).categories()).isEqualTo(categories("housing"));
  }

  @Test
  void codeAndClassThatSelectNothingTogetherAreRefused() {
    Consent consent = permitOnly();
    root(consent).addCode(category("benefits"));
    root(consent).addClass_(resourceType("Observation"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.code: no data category named in provision.code is selected"
                + " from the resource types in provision.class");
  }

  @Test
  void unknownCategoryCodeIsRefusedNamingIt() {
    Consent consent = sample();
    root(consent).getProvisionFirstRep().getCodeFirstRep().getCodingFirstRep().setCode("finances");

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.provision[0].code[0]: 'finances' is not a data category that"
                + " protocol northmoor-integrated-care 2.0.0 defines");
  }

  @Test
  void resourceTypeNoCategorySelectsIsRefused() {
    Consent consent = permitOnly();
    root(consent).addClass_(resourceType("Immunization"));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.class[0]: no data category of protocol"
                + " northmoor-integrated-care 2.0.0 selects Immunization resources");
  }

  @Test
  void specificRecordsSecurityLabelsAndDataPeriodsCannotBeEnforced() {
    Consent consent = sample();
    ProvisionComponent exception = root(consent).getProvisionFirstRep();
    exception.addData().setReference(new Reference("DocumentReference/d1"));
    exception.addSecurityLabel(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null));
    exception.setDataPeriod(period("2020-01-01", "2020-12-31"));

    assertThat(problems(consent))
        .hasSize(3)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith(
                        "Consent.provision.provision[0].data: Concordat enforces consent by"
                            + " purpose, recipient and data category; it cannot enforce a directive"
                            + " about particular records (DocumentReference/d1)"))
        .anySatisfy(p -> assertThat(p).startsWith("Consent.provision.provision[0].securityLabel: "))
        .anySatisfy(p -> assertThat(p).startsWith("Consent.provision.provision[0].dataPeriod: "));
  }

  // Actions

  @Test
  void provisionOnlyAboutCorrectingRecordsIsNotADisclosure() {
    Consent consent = permitOnly();
    root(consent).getActionFirstRep().getCodingFirstRep().setCode("correct");

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.action: Concordat decides disclosures; a provision only about"
                + " correct is not one. Use access, use or disclose, or leave action out");
  }

  @Test
  void accessByTheRecipientIsADisclosure() {
    Consent consent = permitOnly();
    root(consent).getActionFirstRep().getCodingFirstRep().setCode("access");
    root(consent)
        .addAction(
            new CodeableConcept(new Coding(ConsentFormat.CONSENT_ACTION_SYSTEM, "correct", null)));

    assertThat(read(consent).directives()).hasSize(1);
  }

  // Periods

  @Test
  void periodOfDatesRunsFromTheStartOfTheFirstDayToTheEndOfTheLastInUkTime() {
    Consent consent = permitOnly();
    root(consent).setPeriod(period("2026-06-01", "2026-06-30"));

    ConsentDirective permit = read(consent).directives().get(0);

    // British Summer Time: midnight in the UK is 23:00 UTC the day before.
    assertThat(permit.start()).isEqualTo(Instant.parse("2026-05-31T23:00:00Z"));
    assertThat(permit.end()).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
    assertThat(permit.covers(HOUSING_SUPPORT, XVO001, Instant.parse("2026-06-30T22:59:59Z")))
        .isTrue();
    assertThat(permit.covers(HOUSING_SUPPORT, XVO001, Instant.parse("2026-06-30T23:00:00Z")))
        .isFalse();
  }

  @Test
  void periodEndWithATimeIncludesThatSecond() {
    Consent consent = permitOnly();
    root(consent).setPeriod(period("2026-06-01T09:00:00+01:00", "2026-06-30T17:00:00+01:00"));

    ConsentDirective permit = read(consent).directives().get(0);

    assertThat(permit.start()).isEqualTo(Instant.parse("2026-06-01T08:00:00Z"));
    assertThat(permit.end()).isEqualTo(Instant.parse("2026-06-30T16:00:01Z"));
  }

  @Test
  void periodOfAMonthCoversTheWholeMonth() {
    Consent consent = permitOnly();
    root(consent).setPeriod(period("2026-03", "2026-03"));

    ConsentDirective permit = read(consent).directives().get(0);

    assertThat(permit.start()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(permit.end()).isEqualTo(Instant.parse("2026-03-31T23:00:00Z"));
  }

  @Test
  void periodWithOnlyAStartHasNoEnd() {
    Consent consent = permitOnly();
    root(consent).setPeriod(period("2026-02-03", null));

    ConsentDirective permit = read(consent).directives().get(0);

    assertThat(permit.start()).isEqualTo(FEB_3_2026);
    assertThat(permit.end()).isNull();
  }

  @Test
  void periodThatEndsBeforeItStartsIsRefused() {
    Consent consent = permitOnly();
    root(consent).setPeriod(period("2026-06-30", "2026-06-01"));

    assertThat(problems(consent))
        .containsExactly("Consent.provision.period: ends before it starts, so it never applies");
  }

  @Test
  void nestedPermitMayNotOutlastThePermitItBelongsTo() {
    Consent consent = permitOnly();
    root(consent)
        .addProvision(provision(ConsentProvisionType.PERMIT).setPeriod(period(null, "2028-01-01")));

    assertThat(problems(consent))
        .singleElement()
        .asString()
        .startsWith(
            "Consent.provision.provision[0].period.end: is after the end of the provision"
                + " it belongs to");
  }

  // Extensions

  @Test
  void modifierExtensionOnAProvisionIsRefused() {
    Consent consent = sample();
    root(consent).addModifierExtension(new Extension("https://example.org/unless-asked-nicely"));

    assertThat(problems(consent))
        .containsExactly(
            "Consent.provision.modifierExtension: Concordat does not understand the modifier"
                + " extension https://example.org/unless-asked-nicely, which may change what the"
                + " provision means");
  }
}
