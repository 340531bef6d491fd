package org.concordat.protocols.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolReaderTest {
  static final String KEY_RXA = TestSigningKey.of("RXA").verifierKey().text();
  static final String KEY_XLA = TestSigningKey.of("XLA001").verifierKey().text();
  static final LocalDate TODAY = LocalDate.of(2026, 3, 2);

  static final String MINIMAL =
      """
      id: test-partnership
      version: "1.0.0"
      title: Test partnership (fictional)
      valid-from: 2026-01-01
      review-date: 2027-06-30
      retention: P8Y
      parties:
        - ods: RXA
          name: Northmoor Hospitals NHS Trust (fictional)
          kind: nhs-trust
          role: provider
          signing-keys: ["KEY_RXA"]
        - ods: XLA001
          name: Northmoorshire County Council (fictional)
          kind: local-authority
          role: pooled-fund-host
          signing-keys: ["KEY_XLA"]
      purposes:
        - code: hospital-discharge
          description: Discharge planning.
          healthcare: true
          legal-basis: {article-6: "6(1)(e)", article-9: "9(2)(h)", statutory-power: Care Act 2014 Schedule 3}
          explicit-consent: not-required
          message-events: ["975731000000100"]
      categories:
        - code: demographics
          description: Who the person is.
          fhir: { Patient: [Patient.name, Patient.birthDate] }
          local: { social-care-referral-csv: [family_name, birth_date] }
          responsible: shared
      flows:
        - from: RXA
          to: XLA001
          purpose: hospital-discharge
          categories: [demographics]
      """
          .replace("KEY_RXA", KEY_RXA)
          .replace("KEY_XLA", KEY_XLA);

  /** A second purpose and category, inserted before 'categories:' (lines 25 onwards shift). */
  private static String withPurpose(String yaml, String purpose) {
    return yaml.replace(
        "categories:\n  - code: demographics", purpose + "categories:\n  - code: demographics");
  }

  private static List<String> problems(String yaml) {
    InvalidProtocolException e =
        catchThrowableOfType(
            InvalidProtocolException.class, () -> ProtocolReader.read("protocol.yaml", yaml));
    assertThat(e).as("the protocol should be refused").isNotNull();
    return e.problems().stream().map(ProtocolProblem::toString).toList();
  }

  private static List<String> checked(String yaml) {
    return ProtocolReader.check("protocol.yaml", yaml, TODAY).problems().stream()
        .map(ProtocolProblem::toString)
        .toList();
  }

  @Test
  void readsTheMinimalProtocolWithoutProblems() {
    ProtocolCheck check = ProtocolReader.check("protocol.yaml", MINIMAL, TODAY);
    assertThat(check.problems()).isEmpty();
    Protocol protocol = check.protocol();
    assertThat(protocol).isNotNull();
    assertThat(protocol.retention()).isEqualTo(Period.ofYears(8));
    assertThat(protocol.party(OdsCode.of("RXA")).orElseThrow().signingKeys())
        .extracting(k -> k.text())
        .containsExactly(KEY_RXA);
    assertThat(protocol.party(OdsCode.of("XLA001")).orElseThrow().role())
        .isEqualTo(PartyRole.POOLED_FUND_HOST);
    assertThat(protocol.purposes().get(0).legalBasis())
        .isEqualTo(new LegalBasis("6(1)(e)", "9(2)(h)", "Care Act 2014 Schedule 3"));
  }

  @Test
  void readsTheExamplePartnership() {
    ProtocolCheck check =
        ProtocolReader.check("protocol.yaml", ProtocolFixture.exampleYaml(), TODAY);
    assertThat(check.problems()).as("the example has no errors and no warnings").isEmpty();
    Protocol protocol = ProtocolFixture.examplePartnership();

    assertThat(protocol.ref().id()).isEqualTo("northmoor-integrated-care");
    assertThat(protocol.ref().version()).isEqualTo("2.0.0");
    assertThat(protocol.supersedes()).isEqualTo("1.0.0");
    assertThat(protocol.ref().sha256()).matches("[0-9a-f]{64}");
    assertThat(protocol.validFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(protocol.reviewDate()).isEqualTo(LocalDate.of(2027, 6, 30));
    assertThat(protocol.parties())
        .extracting(p -> p.ods().value())
        .containsExactlyInAnyOrder("QXN", "RXA", "RXM", "XLA001", "XVO001");
    assertThat(protocol.parties()).allMatch(p -> !p.signingKeys().isEmpty());
    assertThat(protocol.purposes()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(protocol.categories()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(protocol.party(OdsCode.of("XVO001")).orElseThrow().kind())
        .isEqualTo(PartyKind.VOLUNTARY_ORGANISATION);
    assertThat(protocol.party(OdsCode.of("QXN")).orElseThrow().role())
        .isEqualTo(PartyRole.LEAD_COMMISSIONER);
    assertThat(protocol.purposeForMessageEvent("975731000000100").orElseThrow().code())
        .isEqualTo(PurposeCode.of("hospital-discharge"));
    Purpose housing = protocol.purpose(PurposeCode.of("housing-support")).orElseThrow();
    assertThat(housing.healthcare()).isFalse();
    assertThat(housing.requiresExplicitConsent()).isTrue();
    Purpose safeguarding = protocol.purpose(PurposeCode.of("safeguarding")).orElseThrow();
    assertThat(safeguarding.mayProceedDespiteRefusal()).isTrue();
    assertThat(safeguarding.legalBasis().statutoryPower()).isEqualTo("Care Act 2014 s42");
    Purpose pooled = protocol.purpose(PurposeCode.of("pooled-budget-reporting")).orElseThrow();
    assertThat(pooled.secondaryUse()).isTrue();
    assertThat(pooled.optOutApplies()).isTrue();
    for (String csv : List.of("demographics", "contacts", "encounter")) {
      assertThat(protocol.category(CategoryCode.of(csv)).orElseThrow().localFields())
          .containsKey("social-care-referral-csv");
    }
    assertThat(protocol.category(CategoryCode.of("demographics")).orElseThrow().localFields())
        .isEqualTo(
            Map.of(
                "social-care-referral-csv",
                List.of("family_name", "given_name", "birth_date", "gender", "postcode")));
    assertThat(protocol.flows())
        .contains(
            new Flow(
                OdsCode.of("RXA"),
                OdsCode.of("XLA001"),
                PurposeCode.of("hospital-discharge"),
                Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter"))),
            new Flow(
                OdsCode.of("RXM"),
                OdsCode.of("XLA001"),
                PurposeCode.of("hospital-discharge"),
                Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter"))));
  }

  @Test
  void keepsTheTestCopyOfTheExampleInStepWithConfig() throws IOException {
    Path config = Path.of("../config/partnerships/example");
    if (!Files.isDirectory(config)) {
      return; // built outside the repository
    }
    assertThat(ProtocolFixture.exampleYaml())
        .isEqualTo(Files.readString(config.resolve("protocol.yaml")));
    assertThat(ProtocolFixture.exampleSignaturesJson())
        .isEqualTo(Files.readString(config.resolve("protocol.signatures.json")));
  }

  @Test
  void readsAFileAndNamesItInProblems(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("protocol.yaml");
    Files.writeString(file, MINIMAL);
    assertThat(ProtocolReader.read(file).ref().id()).isEqualTo("test-partnership");

    Files.writeString(file, MINIMAL.replace("title:", "titel:"));
    assertThatThrownBy(() -> ProtocolReader.read(file))
        .isInstanceOf(InvalidProtocolException.class)
        .hasMessageContaining(file + ":3:1: Unknown key 'titel'");
    assertThat(ProtocolReader.check(file, TODAY).hasErrors()).isTrue();
  }

  @Test
  void reportsAMissingFileAsAnInputOutputFailure(@TempDir Path dir) {
    assertThatThrownBy(() -> ProtocolReader.read(dir.resolve("missing.yaml")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void hashIsTheSameWhateverTheLayoutCommentsQuotingAndKeyOrder() {
    String relaid =
        """
        # The same protocol, written differently.
        version: '1.0.0'
        id: "test-partnership"
        review-date: "2027-06-30"
        valid-from: 2026-01-01
        title: Test partnership (fictional)
        retention: P8Y
        parties:
          - {kind: nhs-trust, ods: RXA, name: Northmoor Hospitals NHS Trust (fictional), role: provider, signing-keys: ["KEY_RXA"]}
          - name: Northmoorshire County Council (fictional)
            ods: XLA001
            signing-keys:
              - KEY_XLA
            kind: local-authority
            role: pooled-fund-host
        purposes:
          - code: hospital-discharge
            healthcare: true
            explicit-consent: not-required
            description: Discharge planning.
            legal-basis:
              statutory-power: Care Act 2014 Schedule 3
              article-9: 9(2)(h)
              article-6: 6(1)(e)
            message-events:
              - 975731000000100
        categories:
          - code: demographics
            responsible: shared
            description: Who the person is.
            local:
              social-care-referral-csv: [family_name, birth_date]
            fhir:
              Patient:
                - Patient.name
                - Patient.birthDate
        flows:
          - {from: RXA, to: XLA001, purpose: hospital-discharge, categories: [demographics]}
        """
            .replace("KEY_RXA", KEY_RXA)
            .replace("KEY_XLA", KEY_XLA);
    Protocol a = ProtocolReader.read("a.yaml", relaid);
    Protocol b = ProtocolReader.read("b.yaml", MINIMAL);
    assertThat(a.ref()).isEqualTo(b.ref());
    assertThat(a.canonicalBytes()).isEqualTo(b.canonicalBytes());
  }

  @Test
  void hashIsTheSha256OfTheCanonicalBytes() throws Exception {
    Protocol protocol = ProtocolReader.read("a.yaml", MINIMAL);
    assertThat(protocol.ref().sha256())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(protocol.canonicalBytes())));
    assertThat(new String(protocol.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"categories\":[{\"code\":\"demographics\",");
  }

  @Test
  void hashChangesWhenAnyContentChanges() {
    String original = ProtocolReader.read("a.yaml", MINIMAL).ref().sha256();
    assertThat(
            ProtocolReader.read("a.yaml", MINIMAL.replace("Discharge planning.", "Discharge."))
                .ref()
                .sha256())
        .isNotEqualTo(original);
    assertThat(
            ProtocolReader.read(
                    "a.yaml",
                    MINIMAL.replace(
                        "[Patient.name, Patient.birthDate]", "[Patient.birthDate, Patient.name]"))
                .ref()
                .sha256())
        .as("list order is part of the content")
        .isNotEqualTo(original);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "on", "True"})
  void aYaml11BooleanWordIsTextNotABoolean(String word) {
    // YAML 1.2 core schema, as documented: only the plain words true and false are booleans.
    String yaml = MINIMAL.replace("healthcare: true", "healthcare: " + word);

    assertThat(problems(yaml)).anyMatch(p -> p.contains("must be true or false"));
  }

  @Test
  void hashIsTheSha256OfTheCanonicalJsonOfTheDocument() throws Exception {
    String yaml =
        """
        id: x
        version: "1"
        """;
    // Not a valid protocol, so check the documented hash rule directly on the tree.
    org.concordat.protocols.yaml.LocatedYaml tree =
        org.concordat.protocols.yaml.LocatedYaml.parse(yaml, "protocol");
    assertThat(ProtocolReader.hash(tree.root()))
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(
                            "{\"id\":\"x\",\"version\":\"1\"}"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  @Test
  void reportsAYamlSyntaxErrorWithItsLine() {
    List<String> problems = problems("id: x\nparties: [RXA\nversion: 1\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("protocol.yaml:").contains("This is not valid YAML");
  }

  @Test
  void reportsAnEmptyFile() {
    assertThat(problems(""))
        .containsExactly("protocol.yaml:1:1: The file is empty; a protocol is a YAML mapping.");
  }

  @Test
  void reportsSeveralProblemsAtOnceEachAtItsPlace() {
    String yaml =
        MINIMAL
            .replace("    name: Northmoorshire County Council (fictional)\n", "")
            .replace("    to: XLA001\n", "    to: XLA002\n")
            .replace("    purpose: hospital-discharge\n", "    purpose: housing\n")
            .replace("categories: [demographics]", "categories: [demographics, contacts]");
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:13:5: The required key 'name' is missing from the party 2.",
            "protocol.yaml:32:9: The flow names party 'XLA002' in 'to' but no party has that ODS"
                + " code.",
            "protocol.yaml:33:14: The flow names purpose 'housing' but no purpose has that code.",
            "protocol.yaml:34:32: The flow names category 'contacts' but no category has that"
                + " code.");
  }

  @Test
  void doesNotBlameAFlowForNamingAPartyWhoseEntryHasItsOwnProblem() {
    assertThat(
            problems(MINIMAL.replace("    name: Northmoorshire County Council (fictional)\n", "")))
        .containsExactly(
            "protocol.yaml:13:5: The required key 'name' is missing from the party 2.");
  }

  @Test
  void refusesUnknownKeysAndSuggestsTheIntendedOne() {
    assertThat(problems(MINIMAL.replace("legal-basis:", "legal_basis:")))
        .contains(
            "protocol.yaml:22:5: Unknown key 'legal_basis' in the purpose 1; did you mean"
                + " 'legal-basis'?",
            "protocol.yaml:19:5: The required key 'legal-basis' is missing from the purpose 1.");
    assertThat(problems(MINIMAL.replace("title:", "retension: P8Y\ntitle:")))
        .anyMatch(
            p ->
                p.equals(
                    "protocol.yaml:3:1: Unknown key 'retension' in the protocol; the keys allowed"
                        + " here are id, version, title, supersedes, valid-from, review-date,"
                        + " retention, consent-review, dpia-reference, contacts, notes, parties,"
                        + " purposes, categories, flows."));
  }

  @Test
  void refusesMissingRequiredFields() {
    assertThat(problems(MINIMAL.replace("valid-from: 2026-01-01\n", "")))
        .containsExactly(
            "protocol.yaml:1:1: The required key 'valid-from' is missing from the protocol.");
  }

  @Test
  void refusesDuplicateParties() {
    String yaml =
        MINIMAL.replace(
            "  - ods: XLA001\n",
            "  - ods: RXA\n    name: Again\n    kind: nhs-trust\n    role: provider\n"
                + "    signing-keys: [\""
                + TestSigningKey.of("RXA", 2).verifierKey().text()
                + "\"]\n"
                + "  - ods: XLA001\n");
    assertThat(problems(yaml))
        .containsExactly("protocol.yaml:13:10: The party RXA is listed twice (first at line 8).");
  }

  @Test
  void refusesADuplicateKeyInAMapping() {
    assertThat(problems(MINIMAL.replace("title: Test", "title: One\ntitle: Test")))
        .containsExactly("protocol.yaml:4:1: The key 'title' appears twice in the same mapping.");
  }

  @Test
  void refusesAMessageEventClaimedByTwoPurposes() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: direct-care
                description: Care.
                healthcare: true
                legal-basis: {article-6: "6(1)(e)"}
                explicit-consent: not-required
                message-events: ["975731000000100"]
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:30:22: The message event 975731000000100 is already claimed by the"
                + " purpose hospital-discharge; a message event must mean exactly one purpose.");
  }

  @Test
  void refusesBadlyFormedCodesWithOneSentencePerKind() {
    String yaml =
        MINIMAL
            .replace("ods: XLA001", "ods: xla001")
            .replace("code: hospital-discharge", "code: Hospital Discharge")
            .replace("code: demographics", "code: demographics_v2")
            .replace("to: XLA001", "to: xla001");
    assertThat(problems(yaml))
        .contains(
            "protocol.yaml:13:10: 'xla001' is not a valid ODS code: 3 to 10 upper-case letters or"
                + " digits, e.g. RXA.",
            "protocol.yaml:19:11: 'Hospital Discharge' is not a valid purpose code: use lower-case"
                + " words joined by hyphens, e.g. hospital-discharge.",
            "protocol.yaml:26:11: 'demographics_v2' is not a valid category code: use lower-case"
                + " words joined by hyphens, e.g. demographics.");
  }

  @Test
  void refusesAValidFromAfterTheReviewDate() {
    assertThat(problems(MINIMAL.replace("review-date: 2027-06-30", "review-date: 2025-06-30")))
        .containsExactly(
            "protocol.yaml:5:14: The review-date 2025-06-30 is before valid-from 2026-01-01; a"
                + " protocol is reviewed after it starts.");
  }

  @Test
  void warnsWhenTheReviewDateHasPassed() {
    String yaml = MINIMAL.replace("review-date: 2027-06-30", "review-date: 2026-02-28");
    ProtocolCheck check = ProtocolReader.check("protocol.yaml", yaml, TODAY);
    assertThat(check.hasErrors()).isFalse();
    assertThat(check.protocol()).isNotNull();
    assertThat(check.warnings())
        .extracting(ProtocolProblem::toString)
        .containsExactly(
            "protocol.yaml:5:14: warning: The review-date 2026-02-28 has passed (today is"
                + " 2026-03-02); the parties should review the protocol and sign a new version.");
    assertThat(check.warnings().get(0).severity()).isEqualTo(ProtocolProblem.Severity.WARNING);
  }

  @Test
  void refusesADateThatIsNotIso() {
    assertThat(problems(MINIMAL.replace("valid-from: 2026-01-01", "valid-from: 1/1/2026")))
        .containsExactly(
            "protocol.yaml:4:13: The valid-from '1/1/2026' is not a date written as YYYY-MM-DD.");
  }

  @Test
  void refusesAFhirPathUnderTheWrongResource() {
    assertThat(problems(MINIMAL.replace("Patient.birthDate]", "Encounter.period]")))
        .containsExactly(
            "protocol.yaml:28:37: The FHIRPath 'Encounter.period' is listed under Patient but does"
                + " not start with 'Patient.'.");
  }

  @Test
  void refusesAnUnknownPartyKindAndRole() {
    assertThat(
            problems(
                MINIMAL
                    .replace("kind: local-authority", "kind: council")
                    .replace("role: pooled-fund-host", "role: host")))
        .containsExactly(
            "protocol.yaml:15:11: The party kind 'council' is not one of nhs-trust, icb,"
                + " local-authority, voluntary-organisation, other.",
            "protocol.yaml:16:11: The party role 'host' is not one of lead-commissioner,"
                + " integrated-provider, pooled-fund-host, provider, partner.");
  }

  @Test
  void refusesAPartyWithoutSigningKeys() {
    assertThat(problems(MINIMAL.replace("    signing-keys: [\"" + KEY_XLA + "\"]\n", "")))
        .containsExactly(
            "protocol.yaml:13:5: The party XLA001 has no signing-keys: list at least one Ed25519"
                + " verifier key (name+hash+base64) so that it can sign the protocol.");
    assertThat(problems(MINIMAL.replace("[\"" + KEY_XLA + "\"]", "[]")))
        .containsExactly(
            "protocol.yaml:17:19: The party XLA001 has no signing-keys: list at least one Ed25519"
                + " verifier key (name+hash+base64) so that it can sign the protocol.");
  }

  @Test
  void refusesASigningKeyWhoseHashDoesNotMatch() {
    String tampered = KEY_XLA.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");
    assertThat(problems(MINIMAL.replace(KEY_XLA, tampered)))
        .singleElement()
        .asString()
        .startsWith(
            "protocol.yaml:17:20: The signing key of the party XLA001 is not usable: The key id"
                + " 00000000 does not match the name and key");
  }

  @Test
  void refusesTheSameSigningKeyForTwoParties() {
    assertThat(problems(MINIMAL.replace(KEY_XLA, KEY_RXA)))
        .containsExactly(
            "protocol.yaml:17:20: The signing key rxa.test/protocol-1 is already the key of RXA;"
                + " each party signs with its own key.");
  }

  @Test
  void refusesAFlowForAPurposeWithoutAnArticle6Condition() {
    assertThat(problems(MINIMAL.replace("article-6: \"6(1)(e)\", ", "")))
        .containsExactly(
            "protocol.yaml:34:14: The flow is for purpose hospital-discharge, which has no legal"
                + " basis: give the purpose's legal-basis an article-6 condition.");
  }

  @Test
  void refusesALegalBasisWrittenAsText() {
    assertThat(
            problems(
                MINIMAL.replaceFirst("legal-basis: \\{.*\\}", "legal-basis: UK GDPR Art 6(1)(e)")))
        .containsExactly(
            "protocol.yaml:22:18: The legal-basis of the purpose hospital-discharge is a mapping:"
                + " article-6 (e.g. \"6(1)(e)\"), article-9 (e.g. \"9(2)(h)\", when health or"
                + " other special category data is shared) and statutory-power (e.g. Care Act"
                + " 2014 s42).");
  }

  @Test
  void refusesANonHealthcarePurposeWithoutExplicitConsent() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: housing-support
                description: Housing.
                healthcare: false
                legal-basis: {article-6: "6(1)(a)"}
                explicit-consent: not-required
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:29:23: The purpose housing-support is not healthcare, so it must"
                + " require the person's explicit consent: write explicit-consent: required.");
  }

  @Test
  void refusesASecondaryUsePurposeThatDoesNotSayWhetherTheOptOutApplies() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: pooled-budget-reporting
                description: Reporting.
                healthcare: true
                secondary-use: true
                legal-basis: {article-6: "6(1)(e)", statutory-power: NHS Act 2006 s75}
                explicit-consent: not-required
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:28:20: The purpose pooled-budget-reporting is a secondary use, so it"
                + " must say whether the national data opt-out applies: add national-data-opt-out:"
                + " applies (or does-not-apply).");
  }

  @Test
  void refusesAConsentOverrideOnAPurposeNotOfKindSafeguarding() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: direct-care
                description: Care.
                healthcare: true
                legal-basis: {article-6: "6(1)(e)", statutory-power: Care Act 2014 s42}
                explicit-consent: not-required
                consent-override: {may-proceed-despite-refusal: true, justification: Convenient.}
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:30:23: The purpose direct-care may proceed despite the person's"
                + " refusal, which is allowed only for a purpose of kind safeguarding"
                + " (safeguarding an adult at risk, Care Act 2014 s42); it is of kind care. A"
                + " safeguarding purpose says so with kind: safeguarding.");
    assertThat(
            ProtocolReader.read(
                    "protocol.yaml",
                    yaml.replace(
                        "    healthcare: true", "    kind: safeguarding\n    healthcare: true"))
                .purpose(PurposeCode.of("direct-care"))
                .orElseThrow()
                .consentOverride())
        .isEqualTo(new ConsentOverride("Convenient."));
  }

  @Test
  void refusesAConsentOverrideOnAHousingPurposeWhoseStatutoryPowerNamesSection42() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: housing
                description: Housing support.
                healthcare: false
                legal-basis: {article-6: "6(1)(a)", article-9: "9(2)(a)", statutory-power: Care Act 2014 s42}
                explicit-consent: required
                consent-override: {may-proceed-despite-refusal: true, justification: Convenient.}
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:30:23: The purpose housing may proceed despite the person's refusal,"
                + " which is allowed only for a purpose of kind safeguarding (safeguarding an adult"
                + " at risk, Care Act 2014 s42); it is of kind non-healthcare. A safeguarding"
                + " purpose says so with kind: safeguarding.");
  }

  @Test
  void refusesAPurposeDeclaredSafeguardingThatIsNotHealthcare() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: housing
                description: Housing support.
                kind: safeguarding
                healthcare: false
                legal-basis: {article-6: "6(1)(a)", article-9: "9(2)(a)", statutory-power: Care Act 2014 s42}
                explicit-consent: required
                consent-override: {may-proceed-despite-refusal: true, justification: Convenient.}
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:27:11: The purpose housing is declared safeguarding, but it says"
                + " healthcare: false, which is a non-healthcare purpose; a safeguarding purpose is"
                + " healthcare and not a secondary use.",
            "protocol.yaml:31:23: The purpose housing may proceed despite the person's refusal,"
                + " which is allowed only for a purpose of kind safeguarding (safeguarding an adult"
                + " at risk, Care Act 2014 s42); its kind is not known.");
  }

  @Test
  void refusesAnUnknownPurposeKind() {
    String yaml =
        withPurpose(
            MINIMAL,
            """
              - code: direct-care
                description: Care.
                kind: emergency
                healthcare: true
                legal-basis: {article-6: "6(1)(e)"}
                explicit-consent: not-required
            """);
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:27:11: The purpose kind 'emergency' is not one of care, safeguarding,"
                + " secondary-use, non-healthcare.");
  }

  @Test
  void impliesThePurposeKindFromItsSettingsWhenNoneIsDeclared() {
    Protocol protocol = ProtocolReader.read("protocol.yaml", TestProtocols.yaml(List.of()));

    assertThat(protocol.purposes())
        .extracting(p -> p.code().value() + "=" + p.kind().wireName())
        .containsExactly(
            "hospital-discharge=care",
            "housing-support=non-healthcare",
            "safeguarding=safeguarding",
            "pooled-budget-reporting=secondary-use");
  }

  @Test
  void refusesAFlowOfACategoryNobodyIsResponsibleFor() {
    assertThat(problems(MINIMAL.replace("    responsible: shared\n", "")))
        .containsExactly(
            "protocol.yaml:34:18: The flow has RXA share demographics, but RXA is not responsible"
                + " for it, the category is not shared and no party is responsible for it: name"
                + " the responsible parties under the category's 'responsible', or write"
                + " 'responsible: shared'.");
  }

  @Test
  void warnsWhenASenderSharesACategoryAnotherPartyIsResponsibleFor() {
    String yaml = MINIMAL.replace("responsible: shared", "responsible: [XLA001]");
    assertThat(checked(yaml))
        .containsExactly(
            "protocol.yaml:35:18: warning: The flow has RXA share demographics, for which only"
                + " XLA001 is responsible; check that RXA may pass that data on.");
    assertThat(checked(MINIMAL.replace("responsible: shared", "responsible: [RXZ]")))
        .containsExactly(
            "protocol.yaml:30:19: The category demographics names party 'RXZ' as responsible but"
                + " no party has that ODS code.");
  }

  @Test
  void refusesAFlowThatRepeatsAnother() {
    String yaml =
        MINIMAL
            + """
              - from: RXA
                to: XLA001
                purpose: hospital-discharge
                categories: [demographics]
            """;
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:36:5: There is already a flow from RXA to XLA001 for purpose"
                + " hospital-discharge (at line 32); this one repeats it: remove one.");
  }

  @Test
  void refusesContradictoryFlows() {
    String yaml =
        MINIMAL
            + """
              - from: RXA
                to: XLA001
                purpose: hospital-discharge
                categories: [demographics]
                retention: P1Y
            """;
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:36:5: The flow from RXA to XLA001 for purpose hospital-discharge"
                + " contradicts the one at line 32 (they differ in retention); there is one flow"
                + " per sender, recipient and purpose: merge them.");
  }

  @Test
  void refusesAFlowWithoutRetention() {
    assertThat(problems(MINIMAL.replace("retention: P8Y\n", "")))
        .containsExactly(
            "protocol.yaml:31:5: The flow says nothing about retention and the protocol gives no"
                + " default: add retention (an ISO-8601 period such as P8Y) to the flow or to the"
                + " protocol.");
    assertThat(problems(MINIMAL.replace("retention: P8Y", "retention: 8 years")))
        .containsExactly(
            "protocol.yaml:6:12: The retention '8 years' of the protocol is not a positive"
                + " ISO-8601 period such as P8Y (8 years) or P6M (6 months).");
  }

  @Test
  void readsRetentionAndConditionsOfAFlow() {
    Protocol protocol =
        ProtocolReader.read(
            "protocol.yaml",
            MINIMAL
                + """
                    retention: P20Y
                    conditions: [active-episode-of-care]
                """);
    Flow flow = protocol.flows().get(0);
    assertThat(flow.retention()).isEqualTo(Period.ofYears(20));
    assertThat(flow.conditions()).containsExactly("active-episode-of-care");
    assertThat(protocol.retentionOf(flow)).contains(Period.ofYears(20));
  }

  @Test
  void refusesASupersedesOfItsOwnVersion() {
    assertThat(problems(MINIMAL.replace("title:", "supersedes: \"1.0.0\"\ntitle:")))
        .containsExactly(
            "protocol.yaml:3:13: The protocol supersedes its own version 1.0.0; name the earlier"
                + " version.");
  }

  @Test
  void reportsSeveralValidationErrorsTogether() {
    String yaml =
        withPurpose(
                MINIMAL.replace("    responsible: shared\n", ""),
                """
                  - code: housing-support
                    description: Housing.
                    healthcare: false
                    legal-basis: {article-6: "6(1)(a)"}
                    explicit-consent: not-required
                """)
            .replace("review-date: 2027-06-30", "review-date: 2026-02-01");
    assertThat(checked(yaml))
        .hasSize(3)
        .anyMatch(p -> p.contains("warning: The review-date 2026-02-01 has passed"))
        .anyMatch(p -> p.contains("must require the person's explicit consent"))
        .anyMatch(p -> p.contains("no party is responsible for it"));
  }

  @Test
  void refusesYamlAliases() {
    String yaml =
        MINIMAL
            .replace("title: Test partnership (fictional)", "title: &t Test\n")
            .replace("description: Discharge planning.", "description: *t");
    assertThat(problems(yaml)).anyMatch(p -> p.contains("YAML aliases (*t) are not allowed"));
  }
}
