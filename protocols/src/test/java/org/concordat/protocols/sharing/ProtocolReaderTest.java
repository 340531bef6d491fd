package org.concordat.protocols.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolReaderTest {

  private static final String MINIMAL =
      """
      id: test-partnership
      version: "1.0.0"
      title: Test partnership (fictional)
      valid-from: 2026-01-01
      review-date: 2027-06-30
      parties:
        - ods: RXA
          name: Northmoor Hospitals NHS Trust (fictional)
          kind: nhs-trust
        - ods: XLA001
          name: Northmoorshire County Council (fictional)
          kind: local-authority
      purposes:
        - code: hospital-discharge
          description: Discharge planning.
          healthcare: true
          legal-basis: "UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3"
          message-events: ["975731000000100"]
      categories:
        - code: demographics
          description: Who the person is.
          fhir: { Patient: [Patient.name, Patient.birthDate] }
          local: { social-care-referral-csv: [family_name, birth_date] }
      flows:
        - from: RXA
          to: XLA001
          purpose: hospital-discharge
          categories: [demographics]
      """;

  private static List<String> problems(String yaml) {
    InvalidProtocolException e =
        catchThrowableOfType(
            InvalidProtocolException.class, () -> ProtocolReader.read("protocol.yaml", yaml));
    assertThat(e).as("the protocol should be refused").isNotNull();
    return e.problems().stream().map(ProtocolProblem::toString).toList();
  }

  @Test
  void readsTheExamplePartnership() {
    Protocol protocol = ProtocolFixture.examplePartnership();

    assertThat(protocol.ref().id()).isEqualTo("northmoor-integrated-care");
    assertThat(protocol.ref().version()).isEqualTo("1.0.0");
    assertThat(protocol.ref().sha256()).matches("[0-9a-f]{64}");
    assertThat(protocol.validFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(protocol.reviewDate()).isEqualTo(LocalDate.of(2027, 6, 30));
    assertThat(protocol.parties())
        .extracting(p -> p.ods().value())
        .containsExactly("RXA", "RXM", "XLA001", "XVO001");
    assertThat(protocol.party(OdsCode.of("XVO001")).orElseThrow().kind())
        .isEqualTo(PartyKind.VOLUNTARY_ORGANISATION);
    assertThat(protocol.purposeForMessageEvent("975731000000100").orElseThrow().code())
        .isEqualTo(PurposeCode.of("hospital-discharge"));
    assertThat(protocol.purpose(PurposeCode.of("housing-support")).orElseThrow().healthcare())
        .isFalse();
    assertThat(protocol.category(CategoryCode.of("demographics")).orElseThrow().localFields())
        .isEqualTo(
            Map.of(
                "social-care-referral-csv",
                List.of("family_name", "given_name", "birth_date", "gender", "postcode")));
    assertThat(protocol.flows())
        .contains(
            new Flow(
                OdsCode.of("RXA"),
                OdsCode.of("RXM"),
                PurposeCode.of("direct-care"),
                Set.of(
                    CategoryCode.of("demographics"),
                    CategoryCode.of("encounter"),
                    CategoryCode.of("contacts"))));
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
        parties:
          - {kind: nhs-trust, ods: RXA, name: Northmoor Hospitals NHS Trust (fictional)}
          - name: Northmoorshire County Council (fictional)
            ods: XLA001
            kind: local-authority
        purposes:
          - code: hospital-discharge
            healthcare: true
            description: Discharge planning.
            legal-basis: UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3
            message-events:
              - 975731000000100
        categories:
          - code: demographics
            description: Who the person is.
            local:
              social-care-referral-csv: [family_name, birth_date]
            fhir:
              Patient:
                - Patient.name
                - Patient.birthDate
        flows:
          - {from: RXA, to: XLA001, purpose: hospital-discharge, categories: [demographics]}
        """;
    assertThat(ProtocolReader.read("a.yaml", relaid).ref())
        .isEqualTo(ProtocolReader.read("b.yaml", MINIMAL).ref());
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

  @Test
  void hashIsTheSha256OfTheCanonicalJsonOfTheDocument() throws Exception {
    String yaml =
        """
        id: x
        version: "1"
        """;
    // Not a valid protocol, so check the documented hash rule directly on the tree.
    LocatedYaml tree = LocatedYaml.parse(yaml);
    assertThat(ProtocolReader.hash(tree.root))
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
            "protocol.yaml:10:5: The required key 'name' is missing from the party 2.",
            "protocol.yaml:25:9: The flow names party 'XLA002' in 'to' but no party has that ODS"
                + " code.",
            "protocol.yaml:26:14: The flow names purpose 'housing' but no purpose has that code.",
            "protocol.yaml:27:32: The flow names category 'contacts' but no category has that"
                + " code.");
  }

  @Test
  void doesNotBlameAFlowForNamingAPartyWhoseEntryHasItsOwnProblem() {
    assertThat(
            problems(MINIMAL.replace("    name: Northmoorshire County Council (fictional)\n", "")))
        .containsExactly(
            "protocol.yaml:10:5: The required key 'name' is missing from the party 2.");
  }

  @Test
  void refusesUnknownKeysAndSuggestsTheIntendedOne() {
    assertThat(problems(MINIMAL.replace("legal-basis:", "legal_basis:")))
        .contains(
            "protocol.yaml:17:5: Unknown key 'legal_basis' in the purpose 1; did you mean"
                + " 'legal-basis'?",
            "protocol.yaml:14:5: The required key 'legal-basis' is missing from the purpose 1.");
    assertThat(problems(MINIMAL.replace("title:", "retention: 8 years\ntitle:")))
        .anyMatch(p -> p.startsWith("protocol.yaml:3:1: Unknown key 'retention' in the protocol"));
  }

  @Test
  void refusesMissingRequiredFields() {
    assertThat(problems(MINIMAL.replace("valid-from: 2026-01-01\n", "")))
        .containsExactly(
            "protocol.yaml:1:1: The required key 'valid-from' is missing from the protocol.");
  }

  @Test
  void refusesDuplicatePartiesPurposesAndCategories() {
    String yaml =
        MINIMAL.replace(
                "  - ods: XLA001\n",
                "  - ods: RXA\n    name: Again\n    kind: nhs-trust\n  - ods: XLA001\n")
            + """
              # appended sections are not allowed twice either
              """;
    assertThat(problems(yaml))
        .containsExactly("protocol.yaml:10:10: The party RXA is listed twice (first at line 7).");

    String purposes =
        MINIMAL.replace(
            "categories:\n  - code: demographics",
            """
            - code: hospital-discharge
              description: Again.
              healthcare: true
              legal-basis: Art 6(1)(e)
            categories:
              - code: demographics\
            """
                .indent(0)
                .replace("- code: hospital", "  - code: hospital")
                .replace("\n  description", "\n    description")
                .replace("\n  healthcare", "\n    healthcare")
                .replace("\n  legal-basis", "\n    legal-basis"));
    assertThat(problems(purposes))
        .anyMatch(
            p -> p.endsWith("The purpose hospital-discharge is listed twice (first at line 14)."));
  }

  @Test
  void refusesADuplicateKeyInAMapping() {
    assertThat(problems(MINIMAL.replace("title: Test", "title: One\ntitle: Test")))
        .containsExactly("protocol.yaml:4:1: The key 'title' appears twice in the same mapping.");
  }

  @Test
  void refusesAnEmptyLegalBasis() {
    assertThat(
            problems(
                MINIMAL.replace(
                    "legal-basis: \"UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3\"",
                    "legal-basis: \"  \"")))
        .containsExactly(
            "protocol.yaml:17:18: The purpose hospital-discharge has an empty legal-basis: say"
                + " which UK GDPR Article 6 (and, for health data, Article 9) condition and"
                + " statutory power apply.");
  }

  @Test
  void refusesAMessageEventClaimedByTwoPurposes() {
    String yaml =
        MINIMAL.replace(
            "categories:\n  - code: demographics",
            """
              - code: direct-care
                description: Care.
                healthcare: true
                legal-basis: Art 6(1)(e)
                message-events: ["975731000000100"]
            categories:
              - code: demographics""");
    assertThat(problems(yaml))
        .containsExactly(
            "protocol.yaml:23:22: The message event 975731000000100 is already claimed by the"
                + " purpose hospital-discharge; a message event must mean exactly one purpose.");
  }

  @Test
  void refusesBadlyFormedCodes() {
    String yaml =
        MINIMAL
            .replace("ods: XLA001", "ods: xla001")
            .replace("code: hospital-discharge", "code: Hospital Discharge")
            .replace("code: demographics", "code: demographics_v2")
            .replace("to: XLA001", "to: xla001");
    assertThat(problems(yaml))
        .contains(
            "protocol.yaml:10:10: 'xla001' is not a valid ODS code: 3 to 10 upper-case letters or"
                + " digits, e.g. RXA.",
            "protocol.yaml:14:11: 'Hospital Discharge' is not a valid purpose code: use lower-case"
                + " words joined by hyphens, e.g. hospital-discharge.",
            "protocol.yaml:20:11: 'demographics_v2' is not a valid category code: use lower-case"
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
  void refusesADateThatIsNotIso() {
    assertThat(problems(MINIMAL.replace("valid-from: 2026-01-01", "valid-from: 1/1/2026")))
        .containsExactly(
            "protocol.yaml:4:13: The valid-from '1/1/2026' is not a date written as YYYY-MM-DD.");
  }

  @Test
  void refusesAFhirPathUnderTheWrongResource() {
    assertThat(problems(MINIMAL.replace("Patient.birthDate]", "Encounter.period]")))
        .containsExactly(
            "protocol.yaml:22:37: The FHIRPath 'Encounter.period' is listed under Patient but does"
                + " not start with 'Patient.'.");
  }

  @Test
  void refusesAnUnknownPartyKind() {
    assertThat(problems(MINIMAL.replace("kind: local-authority", "kind: council")))
        .containsExactly(
            "protocol.yaml:12:11: The party kind 'council' is not one of nhs-trust, icb,"
                + " local-authority, voluntary-organisation, other.");
  }

  @Test
  void refusesASecondFlowForTheSameRouteAndPurpose() {
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
            "protocol.yaml:29:5: There is already a flow from RXA to XLA001 for purpose"
                + " hospital-discharge (at line 25); list all its categories there.");
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
