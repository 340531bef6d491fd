package org.concordat.benchmarks.translation;

import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.minimise.FhirMinimiser;
import org.concordat.adapters.mapping.LocalRecord;
import org.concordat.adapters.mapping.Mapping;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingLimits;
import org.concordat.adapters.mapping.MappingResult;
import org.concordat.adapters.mapping.Mappings;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Translation throughput in records per second (one JMH operation is one record), for the two
 * shipped mappings of issue 6, each beside its baseline in the same run: a bare HAPI FHIR parse
 * then encode of the same FHIR content. Goal: the mapping at least 0.8 of its baseline.
 *
 * <ul>
 *   <li><b>Mapping 1</b> (hospital to council): an ADW notice as FHIR R4 JSON is parsed, minimised
 *       to the categories the hospital discharge flow permits (demographics, encounter), read out
 *       through {@code adw-notice-to-referral-csv} and written as the CSV file: {@code
 *       adwNoticeToCsv}. Baseline {@code adwNoticeParseThenEncode}: parse the same JSON, encode it
 *       again. Six notices (admission, assessment, discharge, withdrawal; two came as DSTU2 and are
 *       used in their R4 form), one after another.
 *   <li><b>Mapping 2</b> (council to NHS): a 100-row extract in the ASC client level data shape
 *       goes in through {@code asc-cld-to-uk-core}, one Bundle of up to five UK Core resources per
 *       row: {@code ascRecordToFhir}, and with each Bundle then encoded as FHIR JSON, {@code
 *       ascRecordToFhirJson}. Baseline {@code ascParseThenEncode}: parse and encode the JSON of the
 *       100 Bundles the mapping makes.
 * </ul>
 *
 * The other methods take the paths apart (parse, encode, minimise, read out) to say where the time
 * goes. Files are read from the repository: run from its root, e.g. {@code java -jar
 * benchmarks/target/benchmarks.jar TranslationBenchmark}; {@code -prof gc} adds allocation rates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class TranslationBenchmark {
  static final int NOTICES = 6;
  static final int ROWS = 100;
  static final Set<CategoryCode> HOSPITAL_DISCHARGE =
      Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter"));

  private FhirMessages fhir;
  private MappingEngine engine;
  private FhirMinimiser minimiser;
  private Mapping referralCsv;
  private Mapping ascCld;
  private IParser parser;

  private String[] noticeJson;
  private Bundle[] notices;
  private Bundle[] minimisedNotices;
  private Map<String, String> ledgerIndex;

  private byte[] extract;
  private String[] extractBundleJson;
  private Bundle[] extractBundles;

  @Setup(Level.Trial)
  public void setUp() {
    fhir = new FhirMessages();
    engine = new MappingEngine(fhir, MappingLimits.DEFAULT);
    minimiser =
        new FhirMinimiser(
            ProtocolReader.read(file("config/partnerships/example/protocol.yaml")), fhir.context());
    referralCsv = Mappings.read(file("config/mappings/adw-notice-to-referral-csv.yaml"));
    ascCld = Mappings.read(file("config/mappings/asc-cld-to-uk-core.yaml"));
    parser = fhir.context().newJsonParser();
    ledgerIndex = Map.of("ledgerIndex", "4711");

    NoticeParser notices = new NoticeParser(fhir, NoticeParser.DEFAULT_MAX_BYTES);
    List<String> files =
        List.of(
            "adapters/src/test/resources/notices/discharge-notice-RXA-to-XLA001.json",
            "adapters/src/test/resources/notices/admission-notice-RXA-to-XLA001.xml",
            "adapters/src/test/resources/notices/dstu2-assessment-notice-RXA-to-XLA001.json",
            "adapters/src/test/resources/notices/dstu2-discharge-notice-RXA-to-XLA001.xml",
            "adapters/src/test/resources/mappings/adw-notice-to-referral/"
                + "withdrawal-notice-RXA-to-XLA001.json",
            "adapters/src/test/resources/mappings/adw-notice-to-referral/"
                + "assessment-notice-RXM-to-XLA001.json");
    noticeJson = new String[NOTICES];
    this.notices = new Bundle[NOTICES];
    minimisedNotices = new Bundle[NOTICES];
    for (int i = 0; i < NOTICES; i++) {
      byte[] body = bytes(files.get(i));
      Bundle bundle = notices.parse(body, MessageFormat.detect(null, body)).bundle();
      noticeJson[i] = parser.encodeResourceToString(bundle);
      this.notices[i] = (Bundle) parser.parseResource(noticeJson[i]);
      minimisedNotices[i] =
          (Bundle) minimiser.minimise(this.notices[i], HOSPITAL_DISCHARGE).content();
      check(adwNoticeToCsv(i).length > 0, "notice " + i + " translates");
    }

    extract = extract();
    MappingResult<Bundle> in = engine.in(ascCld, extract, "extract.csv");
    check(in.records().size() == ROWS && !in.hasErrors(), "every row of the extract translates");
    extractBundles = in.values().toArray(new Bundle[0]);
    extractBundleJson = new String[ROWS];
    for (int i = 0; i < ROWS; i++) {
      extractBundleJson[i] = parser.encodeResourceToString(extractBundles[i]);
    }
  }

  // ---- mapping 1: ADW notice (FHIR R4 message) → social care referral CSV ----------------------

  private byte[] adwNoticeToCsv(int i) {
    Bundle bundle = (Bundle) parser.parseResource(noticeJson[i]);
    Bundle minimised = (Bundle) minimiser.minimise(bundle, HOSPITAL_DISCHARGE).content();
    MappingResult<LocalRecord> record = engine.out(referralCsv, List.of(minimised), ledgerIndex);
    return engine.write(referralCsv, record.values());
  }

  /** Mapping 1, whole: parse, minimise, read out, write the CSV file. */
  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeToCsv(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(adwNoticeToCsv(i));
    }
  }

  /** Baseline for mapping 1: HAPI parses the notice and encodes it again. */
  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeParseThenEncode(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(parser.encodeResourceToString(parser.parseResource(noticeJson[i])));
    }
  }

  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeParseOnly(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(parser.parseResource(noticeJson[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeEncodeOnly(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(parser.encodeResourceToString(notices[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeMinimiseOnly(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(minimiser.minimise(notices[i], HOSPITAL_DISCHARGE));
    }
  }

  /** Mapping 1 without parsing or minimising: read the minimised notice out and write the CSV. */
  @Benchmark
  @OperationsPerInvocation(NOTICES)
  public void adwNoticeReadOutOnly(Blackhole sink) {
    for (int i = 0; i < NOTICES; i++) {
      sink.consume(
          engine.write(
              referralCsv,
              engine.out(referralCsv, List.of(minimisedNotices[i]), ledgerIndex).values()));
    }
  }

  // ---- mapping 2: ASC client level data (CSV) → UK Core FHIR -----------------------------------

  /** Mapping 2: the 100-row extract in, one Bundle per row. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public MappingResult<Bundle> ascRecordToFhir() {
    return engine.in(ascCld, extract, "extract.csv");
  }

  /** Mapping 2, then each Bundle encoded as FHIR JSON (what a FHIR recipient would be sent). */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ascRecordToFhirJson(Blackhole sink) {
    for (Bundle bundle : engine.in(ascCld, extract, "extract.csv").values()) {
      sink.consume(parser.encodeResourceToString(bundle));
    }
  }

  /** Baseline for mapping 2: HAPI parses each row's Bundle and encodes it again. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ascParseThenEncode(Blackhole sink) {
    for (int i = 0; i < ROWS; i++) {
      sink.consume(parser.encodeResourceToString(parser.parseResource(extractBundleJson[i])));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ascParseOnly(Blackhole sink) {
    for (int i = 0; i < ROWS; i++) {
      sink.consume(parser.parseResource(extractBundleJson[i]));
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void ascEncodeOnly(Blackhole sink) {
    for (int i = 0; i < ROWS; i++) {
      sink.consume(parser.encodeResourceToString(extractBundles[i]));
    }
  }

  /** The reverse direction of mapping 2 (UK Core back to the extract), for comparison. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public byte[] ascFhirToRecord() {
    return engine.write(ascCld, engine.out(ascCld, List.of(extractBundles), Map.of()).values());
  }

  // ---- fixtures -------------------------------------------------------------------------------

  /** The four golden rows of mapping 2, 25 times each, every row a different person. */
  private static byte[] extract() {
    String[] lines =
        new String(
                bytes("adapters/src/test/resources/mappings/asc-cld-to-uk-core/people.csv"),
                StandardCharsets.UTF_8)
            .split("\r\n");
    StringBuilder csv = new StringBuilder(lines[0]).append("\r\n");
    int person = 300;
    for (int i = 0; i < ROWS; i++) {
      String row = lines[1 + i % 4];
      String nhsNumber = row.split(",")[1];
      String next;
      do {
        next = nhsNumber(person++);
      } while (next == null);
      csv.append(row.replace(nhsNumber, next).replace("NMC-00", "NMC-" + (10 + i % 90)))
          .append("\r\n");
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The test-range NHS number {@code 999nnnnnn} with its check digit, or null if it has none. */
  private static String nhsNumber(int n) {
    String nine = String.format("999%06d", n);
    for (int d = 0; d <= 9; d++) {
      if (NhsNumber.isValid(nine + d)) {
        return nine + d;
      }
    }
    return null;
  }

  private static Path file(String path) {
    Path file = Path.of(path);
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          "Cannot find " + path + ": run the benchmarks from the repository's root folder");
    }
    return file;
  }

  private static byte[] bytes(String path) {
    try {
      return Files.readAllBytes(file(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("Benchmark setup: expected that " + what);
    }
  }
}
