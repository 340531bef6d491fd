package org.concordat.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.adapters.fhir.minimise.FhirMinimiser;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.yaml.LocatedYaml;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mapping 1 (config/mappings/adw-notice-to-referral-csv.yaml and its JSON variant) on realistic
 * fictional ADW notices, minimised for each set of permitted categories as the broker does before
 * it translates.
 *
 * <p>The golden files ({@code mappings/adw-notice-to-referral/*.referral.csv}, every category
 * permitted, ledger index 17) were written by the Java renderer this mapping replaced ({@code
 * adapters.la.SocialCareReferralCsv}); before it was removed, the mapping's output was compared
 * with it for these six notices and all eight sets of the CSV's categories (48 files, all byte for
 * byte equal). With a category withheld, the golden row with that category's columns emptied is
 * what the Java renderer wrote, which is what these tests expect.
 */
class AdwNoticeToReferralTest {
  private static final String DIR = "adw-notice-to-referral/";
  private static final Path CSV_MAPPING =
      ReferralForms.MAPPINGS.resolve("adw-notice-to-referral-csv.yaml");
  private static final Path JSON_MAPPING =
      ReferralForms.MAPPINGS.resolve("adw-notice-to-referral-json.yaml");
  private static final Mapping CSV = Mappings.read(CSV_MAPPING);
  private static final Mapping JSON = Mappings.read(JSON_MAPPING);
  private static final FhirMinimiser MINIMISER =
      new FhirMinimiser(
          ProtocolReader.read(Path.of("../config/partnerships/example/protocol.yaml")),
          ReferralForms.FHIR.context());
  private static final NoticeParser PARSER =
      new NoticeParser(ReferralForms.FHIR, NoticeParser.DEFAULT_MAX_BYTES);
  private static final ObjectMapper JSON_TREE = new ObjectMapper();

  private static final CategoryCode DEMOGRAPHICS = CategoryCode.of("demographics");
  private static final CategoryCode CONTACTS = CategoryCode.of("contacts");
  private static final CategoryCode ENCOUNTER = CategoryCode.of("encounter");

  /**
   * The category of each column (docs/formats/social-care-referral-csv.md); null: always filled.
   */
  private static final Map<String, CategoryCode> COLUMN_CATEGORIES = new LinkedHashMap<>();

  static {
    for (String column :
        List.of(
            "notice_message_id",
            "ledger_index",
            "notice_event_code",
            "notice_event",
            "sending_organisation",
            "receiving_organisation",
            "nhs_number")) {
      COLUMN_CATEGORIES.put(column, null);
    }
    for (String column : List.of("family_name", "given_name", "birth_date", "gender", "postcode")) {
      COLUMN_CATEGORIES.put(column, DEMOGRAPHICS);
    }
    COLUMN_CATEGORIES.put("phone", CONTACTS);
    for (String column :
        List.of("encounter_class", "encounter_status", "admitted_at", "discharged_at")) {
      COLUMN_CATEGORIES.put(column, ENCOUNTER);
    }
  }

  /** Name, notice file (under src/test/resources). */
  private static final Map<String, String> NOTICES = new LinkedHashMap<>();

  static {
    NOTICES.put("discharge-notice-RXA-to-XLA001", "notices/discharge-notice-RXA-to-XLA001.json");
    NOTICES.put("admission-notice-RXA-to-XLA001", "notices/admission-notice-RXA-to-XLA001.xml");
    NOTICES.put(
        "dstu2-assessment-notice-RXA-to-XLA001",
        "notices/dstu2-assessment-notice-RXA-to-XLA001.json");
    NOTICES.put(
        "dstu2-discharge-notice-RXA-to-XLA001", "notices/dstu2-discharge-notice-RXA-to-XLA001.xml");
    NOTICES.put(
        "withdrawal-notice-RXA-to-XLA001",
        "mappings/" + DIR + "withdrawal-notice-RXA-to-XLA001.json");
    NOTICES.put(
        "assessment-notice-RXM-to-XLA001",
        "mappings/" + DIR + "assessment-notice-RXM-to-XLA001.json");
  }

  static Stream<Arguments> noticesAndPermittedCategories() {
    List<Arguments> cases = new ArrayList<>();
    List<CategoryCode> categories = List.of(DEMOGRAPHICS, CONTACTS, ENCOUNTER);
    for (String notice : NOTICES.keySet()) {
      for (int mask = 0; mask < 8; mask++) {
        Set<CategoryCode> permitted = new TreeSet<>();
        for (int i = 0; i < categories.size(); i++) {
          if ((mask & (1 << i)) != 0) {
            permitted.add(categories.get(i));
          }
        }
        cases.add(Arguments.of(notice, permitted));
      }
    }
    return cases.stream();
  }

  static ParsedNotice parse(String notice) {
    byte[] body = file(NOTICES.get(notice));
    return PARSER.parse(body, MessageFormat.detect(null, body));
  }

  /** What the broker translates: the notice with every category but {@code permitted} removed. */
  static Bundle minimised(ParsedNotice notice, Set<CategoryCode> permitted) {
    return (Bundle) MINIMISER.minimise(notice.bundle(), permitted).content();
  }

  private static MappingResult<LocalRecord> out(Mapping mapping, Bundle bundle, String index) {
    return ReferralForms.ENGINE.out(mapping, List.of(bundle), Map.of("ledgerIndex", index));
  }

  private static String csv(Bundle bundle) {
    MappingResult<LocalRecord> result = out(CSV, bundle, "17");
    assertThat(result.problems()).isEmpty();
    return new String(ReferralForms.ENGINE.write(CSV, result.values()), UTF_8);
  }

  @ParameterizedTest(name = "{0} with {1} permitted")
  @MethodSource("noticesAndPermittedCategories")
  void givesTheGoldenCsvWithTheColumnsOfWithheldCategoriesEmpty(
      String notice, Set<CategoryCode> permitted) {
    String golden = new String(ReferralForms.resource(DIR + notice + ".referral.csv"), UTF_8);

    String rendered = csv(minimised(parse(notice), permitted));

    assertThat(rendered).isEqualTo(withOnly(golden, permitted));
  }

  @ParameterizedTest(name = "{0} with {1} permitted")
  @MethodSource("noticesAndPermittedCategories")
  void givesTheSameValuesInJsonAsInCsv(String notice, Set<CategoryCode> permitted) {
    Bundle bundle = minimised(parse(notice), permitted);

    MappingResult<LocalRecord> csv = out(CSV, bundle, "17");
    MappingResult<LocalRecord> json = out(JSON, bundle, "17");

    assertThat(json.problems()).isEmpty();
    assertThat(json.values().get(0).values()).isEqualTo(csv.values().get(0).values());
    if (permitted.size() == 3) {
      assertThat(new String(ReferralForms.ENGINE.write(JSON, json.values()), UTF_8))
          .isEqualTo(new String(ReferralForms.resource(DIR + notice + ".referral.json"), UTF_8));
    }
  }

  @ParameterizedTest(name = "{0} with {1} permitted")
  @MethodSource("noticesAndPermittedCategories")
  void leavesNoTraceOfAWithheldCategoryInEitherVariant(String notice, Set<CategoryCode> permitted) {
    Map<String, String> all = goldenValues(notice);
    Bundle bundle = minimised(parse(notice), permitted);
    String csv = csv(bundle);
    String json =
        new String(ReferralForms.ENGINE.write(JSON, out(JSON, bundle, "17").values()), UTF_8);

    all.forEach(
        (column, value) -> {
          CategoryCode category = COLUMN_CATEGORIES.get(column);
          if (category != null && !permitted.contains(category)) {
            assertThat(csv).as(column).doesNotContain(value);
            assertThat(json).as(column).doesNotContain(value);
          } else {
            assertThat(json).as(column).contains(JSON_TREE.valueToTree(value).toString());
          }
        });
  }

  @Test
  void namesTheDocumentedColumnsInOrderInBothVariants() {
    assertThat(CSV.fieldNames()).containsExactlyElementsOf(COLUMN_CATEGORIES.keySet());
    assertThat(JSON.fieldNames()).containsExactlyElementsOf(COLUMN_CATEGORIES.keySet());
    assertThat(CSV.supports(MappingDirection.IN)).isFalse();
    assertThat(JSON.supports(MappingDirection.IN)).isFalse();
  }

  @Test
  void readsEachFieldWithTheSameFhirPathInBothVariants() throws IOException {
    assertThat(fhirPaths(JSON_MAPPING)).isEqualTo(fhirPaths(CSV_MAPPING));
  }

  @Test
  void writesTheLedgerIndexTheCallerGives() {
    Bundle bundle = parse("discharge-notice-RXA-to-XLA001").bundle();

    assertThat(out(CSV, bundle, "0").values().get(0).get("ledger_index")).isEqualTo("0");
    assertThat(out(CSV, bundle, "4096").values().get(0).get("ledger_index")).isEqualTo("4096");
    assertThat(ReferralForms.ENGINE.out(CSV, bundle).values().get(0).get("ledger_index")).isNull();
  }

  @Test
  void addsTheLedgerIndexToARecordReadBeforeTheIndexWasKnown() {
    Bundle bundle = parse("admission-notice-RXA-to-XLA001").bundle();
    LocalRecord without = ReferralForms.ENGINE.out(CSV, bundle).values().get(0);

    LocalRecord with =
        ReferralForms.ENGINE.withVariables(CSV, without, Map.of("ledgerIndex", "17"));

    assertThat(with.values()).isEqualTo(out(CSV, bundle, "17").values().get(0).values());
    assertThat(ReferralForms.ENGINE.write(CSV, List.of(with)))
        .isEqualTo(ReferralForms.resource(DIR + "admission-notice-RXA-to-XLA001.referral.csv"));
  }

  @Test
  void neverTakesTheNextOfKinsPhoneForThePersons() {
    Bundle bundle = parse("discharge-notice-RXA-to-XLA001").bundle();
    Patient patient = patient(bundle);
    patient.getTelecom().clear();

    String csv = csv(bundle);

    assertThat(patient.getContactFirstRep().getTelecomFirstRep().getValue())
        .isEqualTo("07700 900456");
    assertThat(csv).doesNotContain("07700 900456");
    assertThat(out(CSV, bundle, "17").values().get(0).get("phone")).isNull();
  }

  @Test
  void quotesCommasQuotesAndLineBreaksAsRfc4180Requires() {
    Bundle bundle = parse("discharge-notice-RXA-to-XLA001").bundle();
    Patient patient = patient(bundle);
    patient.getNameFirstRep().setFamily("O'Neill, Jr").getGiven().clear();
    patient.getNameFirstRep().addGiven("Anne \"Nan\"");
    patient.getAddressFirstRep().setPostalCode("NM1\r\n2AB");

    assertThat(dataRow(csv(bundle)))
        .contains(",\"O'Neill, Jr\",\"Anne \"\"Nan\"\"\",1938-07-14,female,\"NM1\r\n2AB\",");
  }

  @Test
  void neutralisesCellsThatSpreadsheetsWouldReadAsFormulas() {
    Bundle bundle = parse("discharge-notice-RXA-to-XLA001").bundle();
    Patient patient = patient(bundle);
    HumanName name = patient.getNameFirstRep();
    name.setFamily("=HYPERLINK(\"http://evil.example\",\"x\")").getGiven().clear();
    name.addGiven("@SUM(A1)");
    patient.getAddressFirstRep().setPostalCode("-1");
    patient.getTelecom().clear();
    patient
        .addTelecom()
        .setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setUse(ContactPoint.ContactPointUse.HOME)
        .setValue("+44 1632 960999");

    assertThat(dataRow(csv(bundle)))
        .contains(
            ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),1938-07-14,"
                + "female,'-1,'+44 1632 960999,");
  }

  @Test
  void reportsAnNhsNumberThatFailsItsCheckWithoutQuotingIt() {
    Bundle bundle = parse("discharge-notice-RXA-to-XLA001").bundle();
    patient(bundle).getIdentifierFirstRep().setValue("9990000019");

    MappingResult<LocalRecord> result = out(CSV, bundle, "17");

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 1, field nhs_number: error: The NHS number fails its modulus 11 check digit.");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Patient patient(Bundle bundle) {
    return bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Patient.class::isInstance)
        .map(Patient.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** The golden CSV with the cells of every category not in {@code permitted} emptied. */
  private static String withOnly(String golden, Set<CategoryCode> permitted) {
    int headerEnd = golden.indexOf("\r\n") + 2;
    String row = golden.substring(headerEnd, golden.length() - 2);
    List<String> cells = rawCells(row);
    List<String> columns = new ArrayList<>(COLUMN_CATEGORIES.keySet());
    assertThat(cells).hasSameSizeAs(columns);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      CategoryCode category = COLUMN_CATEGORIES.get(columns.get(i));
      kept.add(category == null || permitted.contains(category) ? cells.get(i) : "");
    }
    return golden.substring(0, headerEnd) + String.join(",", kept) + "\r\n";
  }

  /** The cells of one RFC 4180 row exactly as written (quotes kept), split at unquoted commas. */
  private static List<String> rawCells(String row) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : row.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  /** Every value of the golden referral (all permitted), by column, from its JSON variant. */
  private static Map<String, String> goldenValues(String notice) {
    try {
      JsonNode golden = JSON_TREE.readTree(ReferralForms.resource(DIR + notice + ".referral.json"));
      Map<String, String> values = new LinkedHashMap<>();
      for (Field field : JSON.fields()) {
        JsonNode value = golden.at(field.at());
        if (!value.isMissingNode()) {
          values.put(field.name(), value.asText());
        }
      }
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String dataRow(String csv) {
    return csv.substring(csv.indexOf("\r\n") + 2);
  }

  /** Each field's name, type, separator and FHIRPath (without the JSON {@code at}). */
  private static List<String> fhirPaths(Path mapping) throws IOException {
    JsonNode fields;
    try {
      fields = LocatedYaml.parse(Files.readString(mapping), "mapping").root().get("fields");
    } catch (LocatedYaml.SyntaxError e) {
      throw new IllegalStateException(e);
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode field : fields) {
      com.fasterxml.jackson.databind.node.ObjectNode copy =
          (com.fasterxml.jackson.databind.node.ObjectNode) field.deepCopy();
      copy.remove("at");
      paths.add(copy.toString());
    }
    return paths;
  }

  private static byte[] file(String path) {
    try (var in = AdwNoticeToReferralTest.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test file " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
