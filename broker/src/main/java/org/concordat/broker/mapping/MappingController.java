package org.concordat.broker.mapping;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concordat.adapters.hl7v2.AdtRejectedException;
import org.concordat.adapters.mapping.InvalidMappingException;
import org.concordat.adapters.mapping.LocalRecord;
import org.concordat.adapters.mapping.Mapping;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingDirection;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingFileProblem;
import org.concordat.adapters.mapping.MappingProblem;
import org.concordat.adapters.mapping.MappingResult;
import org.concordat.broker.web.InvalidRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/mappings/test}: translate a sample with one of the mappings in {@code
 * config/mappings}, the same as {@code mapping test} on the command line. Nothing is delivered or
 * recorded. The mapping is named, never sent inline, so only mappings the integrators installed can
 * be run; it is read from its file on each request, so an edit takes effect at once. {@code GET
 * /api/mappings} lists them.
 */
@RestController
@RequestMapping("/api/mappings")
class MappingController {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MappingCatalogue catalogue;
  private final MappingEngine engine;
  private final FhirContext fhir;
  private final MappingSamples samples;

  public MappingController(
      MappingCatalogue catalogue, MappingEngine engine, FhirContext fhir, MappingSamples samples) {
    this.catalogue = catalogue;
    this.engine = engine;
    this.fhir = fhir;
    this.samples = samples;
  }

  /**
   * What to test.
   *
   * @param mapping the mapping's name (its file in config/mappings without .yaml)
   * @param direction {@code in} (the local format to FHIR) or {@code out} (FHIR to the local
   *     format)
   * @param input the sample, as text
   * @param fileName the sample's file name (optional; {@code .ndjson} means one FHIR resource per
   *     line going out, {@code .hl7} an HL7 v2 ADT message, read as the broker reads one)
   * @param variables values for fields whose {@code out} is {@code %name} (optional)
   */
  public record TestRequest(
      String mapping,
      String direction,
      String input,
      @Nullable String fileName,
      @Nullable Map<String, String> variables) {}

  /** One translated record: a FHIR Bundle (in) or the record's fields (out). */
  public record RecordView(int record, JsonNode output) {}

  /** A problem, with its record number (0: the input as a whole) and field. */
  public record ProblemView(int record, @Nullable String field, String severity, String message) {
    static ProblemView of(MappingProblem problem) {
      return new ProblemView(
          problem.record(),
          problem.field(),
          problem.severity().name().toLowerCase(java.util.Locale.ROOT),
          problem.message());
    }
  }

  /** The outcome of a test. {@code document} is the local file, going out. */
  public record TestResult(
      String mapping,
      String version,
      String direction,
      int recordsRead,
      int translated,
      List<Integer> failedRecords,
      List<RecordView> records,
      @Nullable String document,
      List<ProblemView> problems) {}

  /** A mapping in the catalogue. */
  public record MappingSummary(
      String name,
      @Nullable String title,
      @Nullable String version,
      @Nullable String format,
      List<String> problems) {}

  @GetMapping
  public List<MappingSummary> list() {
    List<MappingSummary> summaries = new ArrayList<>();
    for (String name : catalogue.names()) {
      try {
        Mapping mapping = catalogue.get(name);
        summaries.add(
            new MappingSummary(
                name, mapping.title(), mapping.version(), mapping.formatName(), List.of()));
      } catch (InvalidMappingException e) {
        summaries.add(
            new MappingSummary(
                name,
                null,
                null,
                null,
                e.problems().stream().map(MappingFileProblem::toString).toList()));
      }
    }
    return summaries;
  }

  @PostMapping("/test")
  public TestResult test(@RequestBody TestRequest request) {
    if (request.mapping() == null || request.direction() == null || request.input() == null) {
      throw new InvalidRequest("mapping, direction and input are required");
    }
    MappingDirection direction;
    try {
      direction = MappingDirection.of(request.direction());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          "direction is 'out' (FHIR to the local format) or 'in' (the local format to FHIR)");
    }
    Mapping mapping;
    try {
      mapping = catalogue.get(request.mapping());
    } catch (MappingCatalogue.UnknownMappingException e) {
      throw MappingRefused.of(e);
    } catch (InvalidMappingException e) {
      throw MappingRefused.of(e);
    }
    byte[] input = request.input().getBytes(StandardCharsets.UTF_8);
    String fileName = request.fileName() == null ? "input" : request.fileName();
    List<RecordView> records = new ArrayList<>();
    MappingResult<?> result;
    String document = null;
    if (direction == MappingDirection.IN) {
      MappingResult<Bundle> in = engine.in(mapping, input, fileName);
      for (MappingResult.Translated<Bundle> record : in.records()) {
        records.add(
            new RecordView(
                record.record(),
                tree(fhir.newJsonParser().encodeResourceToString(record.value()))));
      }
      result = in;
    } else {
      try {
        input = samples.asFhir(input, fileName);
      } catch (AdtRejectedException e) {
        throw new InvalidRequest("The broker would refuse this HL7 v2 message: " + e.getMessage());
      }
      MappingResult<LocalRecord> out =
          engine.out(
              mapping,
              input,
              fileName,
              request.variables() == null ? Map.of() : request.variables());
      for (MappingResult.Translated<LocalRecord> record : out.records()) {
        records.add(new RecordView(record.record(), JSON.valueToTree(record.value().values())));
      }
      document = new String(engine.write(mapping, out.values()), StandardCharsets.UTF_8);
      result = out;
    }
    return new TestResult(
        mapping.id(),
        mapping.version(),
        direction.wireName(),
        result.recordsRead(),
        result.records().size(),
        List.copyOf(result.failedRecords()),
        records,
        document,
        result.problems().stream().map(ProblemView::of).toList());
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("HAPI wrote JSON that does not parse", e);
    }
  }
}
