package org.concordat.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.concordat.adapters.fhir.Notices;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on CSV, JSON and XML: several records per file, a malformed record failing alone,
 * formula injection and RFC 4180 quoting, limits, XML safety, and FHIRPath over a message Bundle.
 */
class MappingEngineTest {
  private static final MappingEngine ENGINE = ReferralForms.ENGINE;
  private static final Mapping PEOPLE =
      Mappings.read(Path.of("src/test/resources/mappings/people-and-carers.csv.yaml"));
  private static final String HEADER =
      "nhs_number,family_name,given_name,birth_date,gender,phone,carer_name,carer_phone\r\n";

  @TempDir Path temp;

  private static MappingResult<Bundle> people(String csv) {
    return ENGINE.in(PEOPLE, csv.getBytes(UTF_8), "people.csv");
  }

  @Test
  void turnsEachRowIntoItsOwnBundleWithACarerOnlyWhereThereIsOne() {
    MappingResult<Bundle> result =
        people(new String(ReferralForms.resource("people-and-carers.csv"), UTF_8));

    assertThat(result.problems()).isEmpty();
    assertThat(result.recordsRead()).isEqualTo(3);
    assertThat(result.values())
        .extracting(b -> b.getEntry().stream().map(e -> e.getResource().fhirType()).toList())
        .containsExactly(
            List.of("Patient", "RelatedPerson"),
            List.of("Patient"),
            List.of("Patient", "RelatedPerson"));
    Bundle first = result.values().get(0);
    Patient patient = (Patient) first.getEntry().get(0).getResource();
    RelatedPerson carer = (RelatedPerson) first.getEntry().get(1).getResource();
    assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Margaret Ellen");
    assertThat(patient.getGender().toCode()).isEqualTo("female");
    assertThat(patient.getTelecomFirstRep().getUse().toCode()).isEqualTo("home");
    assertThat(carer.getNameFirstRep().getFamily()).isEqualTo("Ashworth");
    assertThat(carer.getPatient().getReference()).isEqualTo(first.getEntry().get(0).getFullUrl());
    for (Bundle bundle : result.values()) {
      assertThat(ReferralForms.validator().validate(bundle).errors()).isEmpty();
    }
  }

  @Test
  void writesTheSameRowsBackNeutralisingTheFormulaLikePhoneNumber() {
    String csv = new String(ReferralForms.resource("people-and-carers.csv"), UTF_8);
    MappingResult<Bundle> in = people(csv);

    MappingResult<LocalRecord> out = ENGINE.out(PEOPLE, in.values(), Map.of());

    assertThat(out.problems()).isEmpty();
    assertThat(new String(ENGINE.write(PEOPLE, out.values()), UTF_8))
        .isEqualTo(csv.replace("+44 1632 960777", "'+44 1632 960777"));
  }

  @Test
  void failsAMalformedRecordAloneWithItsNumberAndField() {
    MappingResult<Bundle> result =
        people(
            HEADER
                + "9990000018,Ashworth,,,,,,\r\n"
                + "9990000019,Bad,,,,,,\r\n"
                + "9990000026,Too,many,,,,,,,\r\n"
                + "9990000034,\"Unquoted \"inside\",,,,,,\r\n"
                + "9990000042,Whitfield,Rosa,,F,,,\r\n");

    assertThat(result.records()).extracting(MappingResult.Translated::record).containsExactly(1, 5);
    assertThat(result.failedRecords()).containsExactly(2, 3, 4);
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 2, field nhs_number: error: The NHS number fails its modulus 11 check digit.",
            "record 3: error: The row on line 4 has 10 fields; the header has 8.",
            "record 4: error: A quoted field is followed by more text before the next delimiter (line 5).");
  }

  @Test
  void refusesTheWholeFileWhenARequiredColumnIsMissing() {
    MappingResult<Bundle> result = people("family_name,given_name\r\nAshworth,Margaret\r\n");

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .contains("input, field nhs_number: error: The header has no column 'nhs_number'.");
  }

  @Test
  void usesATableDefaultForAnUnmappedCodeAndWarns() {
    MappingResult<Bundle> result = people(HEADER + "9990000018,Ashworth,,,Q,,,\r\n");

    assertThat(result.records()).hasSize(1);
    assertThat(
            ((Patient) result.values().get(0).getEntry().get(0).getResource()).getGender().toCode())
        .isEqualTo("unknown");
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 1, field gender: warning: The value is not in table gender; its default U was used.");
  }

  @Test
  void passesThroughAnUnmappedCodeWithTheTablesLocalSystem() {
    Mapping services =
        Mappings.read(
            "services.yaml",
            """
            id: services
            version: "1"
            title: Services
            format: {type: csv}
            fields:
              - name: service
                fhir: ServiceRequest.code
                codes: service
            codes:
              service:
                local-system: https://council.example/CodeSystem/service
                unmapped: pass-through
                map:
                  - {local: RES, system: http://example.org/fhir/service, code: residential}
            """);

    MappingResult<Bundle> in =
        ENGINE.in(services, "service\r\nRES\r\nDOM\r\n".getBytes(UTF_8), "s.csv");

    assertThat(in.problems()).isEmpty();
    assertThat(in.values())
        .extracting(
            b -> {
              var coding =
                  ((org.hl7.fhir.r4.model.ServiceRequest) b.getEntryFirstRep().getResource())
                      .getCode()
                      .getCodingFirstRep();
              return coding.getSystem() + "|" + coding.getCode();
            })
        .containsExactly(
            "http://example.org/fhir/service|residential",
            "https://council.example/CodeSystem/service|DOM");
    assertThat(
            new String(
                ENGINE.write(services, ENGINE.out(services, in.values(), Map.of()).values()),
                UTF_8))
        .isEqualTo("service\r\nRES\r\nDOM\r\n");
  }

  @Test
  void neutralisesFormulasAndQuotesPerRfc4180AndReadsThemBackUnchanged() {
    List<String> nasty =
        List.of(
            "=HYPERLINK(\"http://x.example\")",
            "+44 1632 960999",
            "-5",
            "@SUM(A1)",
            "\tTab",
            "\rCR",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "'quoted");
    Mapping oneColumn =
        Mappings.read(
            "one.yaml",
            """
            id: one-column
            version: "1"
            title: One column
            format: {type: csv}
            fields:
              - name: family
                fhir: Patient.name.family
            """);
    List<LocalRecord> records = new java.util.ArrayList<>();
    for (int i = 0; i < nasty.size(); i++) {
      records.add(new LocalRecord(i + 1, Map.of("family", nasty.get(i))));
    }

    String csv = new String(ENGINE.write(oneColumn, records), UTF_8);

    assertThat(csv)
        .isEqualTo(
            "family\r\n"
                + "\"'=HYPERLINK(\"\"http://x.example\"\")\"\r\n"
                + "'+44 1632 960999\r\n"
                + "'-5\r\n"
                + "'@SUM(A1)\r\n"
                + "'\tTab\r\n"
                + "\"'\rCR\"\r\n"
                + "\"a,b\"\r\n"
                + "\"say \"\"hi\"\"\"\r\n"
                + "\"two\nlines\"\r\n"
                + "'quoted\r\n");
    MappingResult<Bundle> back = ENGINE.in(oneColumn, csv.getBytes(UTF_8), "back.csv");
    assertThat(back.problems()).isEmpty();
    assertThat(back.values())
        .extracting(
            b -> ((Patient) b.getEntryFirstRep().getResource()).getNameFirstRep().getFamily())
        .as("values are trimmed going in; nothing else changes")
        .containsExactlyElementsOf(nasty.stream().map(String::strip).toList());
  }

  @Test
  void refusesFilesOverTheRecordAndByteLimits() {
    Mapping two =
        Mappings.read(
            "two.yaml",
            """
            id: two-records
            version: "1"
            title: At most two records
            format: {type: csv, header: false}
            limits: {max-records: 2}
            fields:
              - name: family
                fhir: Patient.name.family
            """);
    MappingEngine small = new MappingEngine(ReferralForms.FHIR, new MappingLimits(64, 10, 10));

    assertThat(ENGINE.in(two, "a\nb\nc\n".getBytes(UTF_8), "x.csv").problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "input: error: The file holds more than 2 records, the limit for this mapping.");
    assertThat(small.in(two, "a\n".repeat(40).getBytes(UTF_8), "x.csv").problems())
        .extracting(MappingProblem::toString)
        .containsExactly("input: error: The input has 80 bytes; the limit for this mapping is 64.");
    assertThat(small.in(two, "abcdefghijklmnop\n".getBytes(UTF_8), "x.csv").problems())
        .extracting(MappingProblem::toString)
        .containsExactly("record 1, field family: error: The value is longer than 10 characters.");
  }

  @Test
  void refusesInputThatIsNotUtf8() {
    byte[] latin1 =
        (HEADER + "9990000018,Bront\u00eb,,,,,,\r\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThat(ENGINE.in(PEOPLE, latin1, "x.csv").problems())
        .extracting(MappingProblem::toString)
        .containsExactly("input: error: The input is not UTF-8 text.");
  }

  private static final Mapping XML =
      Mappings.read(
          "people.xml.yaml",
          """
          id: people-xml
          version: "1"
          title: People in XML
          format: {type: xml, records: many, root: people, record: person}
          fields:
            - name: id
              at: "@nhsNumber"
              fhir: Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number').value
              type: nhs-number
            - name: family
              at: name/family
              fhir: Patient.name.family
            - name: given
              at: name/given
              fhir: Patient.name.given
              separator: " "
          """);

  @Test
  void readsAndWritesXmlRecords() {
    String xml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <people xmlns="urn:example:people">
          <person nhsNumber="9990000018"><name><family>Ashworth &amp; Co</family><given>Margaret Ellen</given></name></person>
          <person nhsNumber="9990000019"><name><family>Bad</family></name></person>
        </people>
        """;

    MappingResult<Bundle> in = ENGINE.in(XML, xml.getBytes(UTF_8), "people.xml");

    assertThat(in.records()).extracting(MappingResult.Translated::record).containsExactly(1);
    assertThat(in.failedRecords()).containsExactly(2);
    MappingResult<LocalRecord> out = ENGINE.out(XML, in.values(), Map.of());
    assertThat(new String(ENGINE.write(XML, out.values()), UTF_8))
        .isEqualTo(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <people>
              <person nhsNumber="9990000018">
                <name>
                  <family>Ashworth &amp; Co</family>
                  <given>Margaret Ellen</given>
                </name>
              </person>
            </people>
            """);
  }

  @Test
  void refusesXmlWithADoctypeBeforeReadingItSoNoEntityIsExpanded() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret.txt"), "SECRET-VALUE");
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE people [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n<people><person nhsNumber=\"9990000018\"><name><family>&x;</family></name></person></people>";

    MappingResult<Bundle> result = ENGINE.in(XML, xxe.getBytes(UTF_8), "xxe.xml");

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly("input: error: XML documents with a DOCTYPE are not accepted.");
  }

  @Test
  void readsJsonRecordsFromAnArrayFailingANonObjectAlone() {
    Mapping list =
        Mappings.read(
            "list.yaml",
            """
            id: referral-list
            version: "1"
            title: A list of people
            format: {type: json, records: many, records-at: /people}
            fields:
              - name: nhs
                at: person.nhs
                fhir: Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number').value
                type: nhs-number
                required: true
            """);
    String json =
        "{\"people\": [{\"person\": {\"nhs\": \"9990000018\"}}, 42, {\"person\": {\"nhs\": {\"x\": 1}}}]}";

    MappingResult<Bundle> result = ENGINE.in(list, json.getBytes(UTF_8), "list.json");

    assertThat(result.records()).extracting(MappingResult.Translated::record).containsExactly(1);
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 2: error: The record is not a JSON object.",
            "record 3, field nhs: error: The value at /person/nhs is an object; a field holds a single value.");
    assertThat(
            new String(
                ENGINE.write(list, ENGINE.out(list, result.values(), Map.of()).values()), UTF_8))
        .isEqualTo(
            "{\n  \"people\" : [ {\n    \"person\" : {\n      \"nhs\" : \"9990000018\"\n    }\n  } ]\n}\n");
  }

  private static final Mapping NOTICE =
      Mappings.read(
          "notice.yaml",
          """
          id: notice-summary
          version: "1"
          title: A discharge notice summary (FHIRPath over a message Bundle)
          format: {type: csv}
          fields:
            - name: ledger_index
              out: "%ledgerIndex"
            - name: event_code
              out: Bundle.entry.resource.ofType(MessageHeader).event.code
            - name: focus_status
              out: Bundle.entry.resource.ofType(MessageHeader).focus.resolve().status
            - name: nhs_number
              out: Bundle.entry.resource.ofType(Patient).identifier.where(system='https://fhir.nhs.uk/Id/nhs-number').value
              type: nhs-number
              format: spaced
            - name: family_name
              out: Bundle.entry.resource.ofType(Patient).name.first().family
            - name: born
              out: Bundle.entry.resource.ofType(Patient).birthDate
              type: date
              format: d MMMM yyyy
            - name: admitted_at
              out: Bundle.entry.resource.ofType(Encounter).period.start
              type: date-time
              format: dd/MM/yyyy HH:mm
          """);

  @Test
  void readsAMessageBundleWithFhirPathAndCallerVariables() {
    byte[] notice = Notices.text(Notices.DISCHARGE_TO_COUNCIL).getBytes(UTF_8);

    MappingResult<LocalRecord> result =
        ENGINE.out(NOTICE, notice, "notice.json", Map.of("ledgerIndex", "17"));

    assertThat(result.problems()).isEmpty();
    assertThat(new String(ENGINE.write(NOTICE, result.values()), UTF_8))
        .isEqualTo(
            "ledger_index,event_code,focus_status,nhs_number,family_name,born,admitted_at\r\n"
                + "17,975731000000100,active,999 000 0018,Ashworth,14 July 1938,03/03/2025 14:20\r\n");
  }

  @Test
  void refusesAFieldThatWouldSilentlyDropValues() {
    Mapping all =
        Mappings.read(
            "all.yaml",
            """
            id: all-ids
            version: "1"
            title: All identifiers
            format: {type: csv}
            fields:
              - name: ids
                out: Bundle.entry.resource.identifier.value
            """);
    byte[] notice = Notices.text(Notices.DISCHARGE_TO_COUNCIL).getBytes(UTF_8);

    MappingResult<LocalRecord> result =
        all.supports(MappingDirection.IN) ? null : ENGINE.out(all, notice, "notice.json", Map.of());

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("The FHIR content has ")
                    .endsWith("add first() or a separator to the mapping."));
  }
}
