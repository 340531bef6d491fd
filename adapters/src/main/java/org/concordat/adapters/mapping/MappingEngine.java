package org.concordat.adapters.mapping;

import ca.uhn.fhir.parser.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.mapping.LocalCodec.Parsed;
import org.concordat.adapters.mapping.LocalCodec.RawRecord;
import org.concordat.protocols.canonical.Sha256;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Translates records with a {@link Mapping}: {@link #in} reads a local file and builds FHIR R4, one
 * Bundle per record; {@link #out} reads FHIR R4, one record per resource, and {@link #write}
 * renders those records as a local file.
 *
 * <p>A record that cannot be translated fails alone: its problems are reported with its record
 * number and field, and the others are translated. Inputs larger than the {@link MappingLimits} are
 * refused before they are parsed. Problems never quote values. Thread-safe; build one and share it.
 */
public final class MappingEngine {
  private final FhirMessages fhir;
  private final MappingLimits limits;
  private final FhirPaths paths;
  private final NoticeParser bodies;

  public MappingEngine(FhirMessages fhir, MappingLimits limits) {
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.paths = new FhirPaths(fhir.context());
    // The size limit is the mapping's, checked before reading.
    this.bodies = new NoticeParser(fhir, Integer.MAX_VALUE);
  }

  public MappingLimits limits() {
    return limits;
  }

  // ---- in: local format → FHIR ---------------------------------------------------------------

  /**
   * Reads the records of a local file and builds, for each record, a Bundle of type {@code
   * collection} holding the resources the mapping declares (those that received a value), linked by
   * {@code urn:uuid:} full URLs. The URLs are derived from the mapping, the input's SHA-256, the
   * record number and the resource name, so the same input always gives the same Bundles.
   *
   * @param fileName the input's name, for the result
   */
  public MappingResult<Bundle> in(Mapping mapping, byte[] input, String fileName) {
    MappingLimits effective = mapping.limitsWithin(limits);
    if (!mapping.supports(MappingDirection.IN)) {
      return refused(
          fileName, "The mapping " + mapping.id() + " has no field that goes into FHIR.");
    }
    if (input.length > effective.maxBytes()) {
      return refused(
          fileName,
          "The input has "
              + input.length
              + " bytes; the limit for this mapping is "
              + effective.maxBytes()
              + ".");
    }
    String text;
    try {
      text = utf8(input);
    } catch (CharacterCodingException e) {
      return refused(fileName, "The input is not UTF-8 text.");
    }
    Parsed parsed = LocalCodec.of(mapping.format()).read(text, mapping, effective);
    List<MappingProblem> problems = new ArrayList<>(parsed.problems());
    List<MappingResult.Translated<Bundle>> bundles = new ArrayList<>();
    if (parsed.problems().stream().anyMatch(p -> p.isError() && p.record() == 0)) {
      return new MappingResult<>(fileName, 0, List.of(), problems);
    }
    String inputHash = sha256(input);
    FhirWriter writer = new FhirWriter();
    for (RawRecord record : parsed.records()) {
      List<MappingProblem> recordProblems = new ArrayList<>(record.problems());
      Bundle bundle = null;
      if (recordProblems.stream().noneMatch(MappingProblem::isError)) {
        bundle = build(mapping, record, inputHash, writer, recordProblems);
      }
      problems.addAll(recordProblems);
      if (bundle != null && recordProblems.stream().noneMatch(MappingProblem::isError)) {
        bundles.add(new MappingResult.Translated<>(record.number(), bundle));
      }
    }
    return new MappingResult<>(fileName, parsed.records().size(), bundles, problems);
  }

  private @Nullable Bundle build(
      Mapping mapping,
      RawRecord record,
      String inputHash,
      FhirWriter writer,
      List<MappingProblem> problems) {
    Map<String, IBaseResource> built = new LinkedHashMap<>();
    for (Field field : mapping.fields()) {
      ElementPath path = field.in();
      String resourceName = field.inResource();
      if (path == null || resourceName == null) {
        continue;
      }
      String value = record.values().get(field.name());
      if (value == null || value.isBlank()) {
        if (field.required()) {
          problems.add(
              MappingProblem.error(
                  record.number(), field.name(), "The field is required but has no value."));
        }
        continue;
      }
      String problem = FieldValues.checkLocal(field, value.strip());
      if (problem != null) {
        problems.add(MappingProblem.error(record.number(), field.name(), problem));
        continue;
      }
      ResourceSpec spec = Objects.requireNonNull(mapping.resource(resourceName), resourceName);
      IBaseResource resource =
          built.computeIfAbsent(resourceName, n -> spec.definition().newInstance());
      writer.write(field, path, value.strip(), resource, record.number(), problems);
    }
    if (problems.stream().anyMatch(MappingProblem::isError)) {
      return null;
    }
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    Map<String, String> urls = new LinkedHashMap<>();
    for (ResourceSpec spec : mapping.resources()) {
      if (built.containsKey(spec.name())) {
        urls.put(
            spec.name(),
            "urn:uuid:"
                + UUID.nameUUIDFromBytes(
                    (mapping.id() + "|" + inputHash + "|" + record.number() + "|" + spec.name())
                        .getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (ResourceSpec spec : mapping.resources()) {
      IBaseResource resource = built.get(spec.name());
      if (resource == null) {
        continue;
      }
      for (String profile : spec.profiles()) {
        resource.getMeta().addProfile(profile);
      }
      for (ResourceSpec.FixedValue fixed : spec.fixed()) {
        ElementPath.setPrimitive(fixed.path().locate(resource, false), fixed.value());
      }
      for (ResourceSpec.Link link : spec.references()) {
        String url = urls.get(link.target());
        if (url != null) {
          ((Reference) link.path().locate(resource, false)).setReference(url);
        }
      }
      bundle.addEntry().setFullUrl(urls.get(spec.name())).setResource((Resource) resource);
    }
    return bundle;
  }

  // ---- out: FHIR → local format --------------------------------------------------------------

  /** {@link #out(Mapping, List, Map)} for one resource and no variables. */
  public MappingResult<LocalRecord> out(Mapping mapping, IBaseResource source) {
    return out(mapping, List.of(source), Map.of());
  }

  /**
   * Reads one local record from each resource (a resource, or a Bundle such as a FHIR message,
   * holding the resources the mapping reads).
   *
   * @param variables values for fields whose {@code out} is a bare {@code %name}, such as a ledger
   *     index the FHIR content does not hold
   */
  public MappingResult<LocalRecord> out(
      Mapping mapping, List<? extends IBaseResource> sources, Map<String, String> variables) {
    MappingLimits effective = mapping.limitsWithin(limits);
    if (!mapping.supports(MappingDirection.OUT)) {
      return refused(
          "FHIR", "The mapping " + mapping.id() + " has no field that comes out of FHIR.");
    }
    if (sources.size() > effective.maxRecords()) {
      return refused(
          "FHIR",
          "There are "
              + sources.size()
              + " resources; the limit for this mapping is "
              + effective.maxRecords()
              + ".");
    }
    FhirReader reader = new FhirReader(paths, variables);
    List<MappingResult.Translated<LocalRecord>> records = new ArrayList<>();
    List<MappingProblem> problems = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      int number = i + 1;
      List<MappingProblem> recordProblems = new ArrayList<>();
      LocalRecord record = reader.read(mapping, sources.get(i), number, effective, recordProblems);
      problems.addAll(recordProblems);
      if (recordProblems.stream().noneMatch(MappingProblem::isError)) {
        records.add(new MappingResult.Translated<>(number, record));
      }
    }
    return new MappingResult<>("FHIR", sources.size(), records, problems);
  }

  /**
   * Parses FHIR R4 input and translates it out: a JSON or XML file holds one resource (one record);
   * a file whose name ends in {@code .ndjson} holds one JSON resource per line (one record each).
   * XML with a DOCTYPE is refused before it is parsed.
   */
  public MappingResult<LocalRecord> out(
      Mapping mapping, byte[] input, String fileName, Map<String, String> variables) {
    MappingLimits effective = mapping.limitsWithin(limits);
    if (input.length > effective.maxBytes()) {
      return refused(
          fileName,
          "The input has "
              + input.length
              + " bytes; the limit for this mapping is "
              + effective.maxBytes()
              + ".");
    }
    String text;
    try {
      text = utf8(input);
    } catch (CharacterCodingException e) {
      return refused(fileName, "The input is not UTF-8 text.");
    }
    List<@Nullable IBaseResource> resources = new ArrayList<>();
    List<MappingProblem> problems = new ArrayList<>();
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".ndjson")) {
      String[] lines = text.split("\r?\n");
      int number = 0;
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        number++;
        if (number > effective.maxRecords()) {
          return refused(
              fileName,
              "The file holds more than "
                  + effective.maxRecords()
                  + " records, the limit for this mapping.");
        }
        try {
          resources.add(fhir.strictParser(MessageFormat.JSON).parseResource(line));
        } catch (DataFormatException | InvalidMessageException e) {
          problems.add(
              MappingProblem.error(number, null, "The line is not a FHIR R4 resource in JSON."));
          resources.add(null);
        }
      }
    } else {
      try {
        // Read as the pipeline reads an inbound message: R4, or DSTU2 (an ADW notice) converted.
        resources.add(bodies.readR4(input, MessageFormat.detect(null, input)));
      } catch (InvalidMessageException e) {
        return refused(fileName, e.getMessage() + ".");
      }
    }
    List<IBaseResource> good = new ArrayList<>();
    resources.forEach(
        r -> {
          if (r != null) {
            good.add(r);
          }
        });
    MappingResult<LocalRecord> translated = out(mapping, good, variables);
    // Renumber: a failed NDJSON line keeps its number, and so do the lines after it.
    List<MappingResult.Translated<LocalRecord>> records = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < resources.size(); i++) {
      if (resources.get(i) != null) {
        numbers.add(i + 1);
      }
    }
    for (MappingResult.Translated<LocalRecord> t : translated.records()) {
      int n = numbers.get(t.record() - 1);
      records.add(new MappingResult.Translated<>(n, new LocalRecord(n, t.value().values())));
    }
    for (MappingProblem p : translated.problems()) {
      int n = p.record() == 0 ? 0 : numbers.get(p.record() - 1);
      problems.add(new MappingProblem(n, p.field(), p.severity(), p.message()));
    }
    problems.sort(java.util.Comparator.comparingInt(MappingProblem::record));
    return new MappingResult<>(fileName, resources.size(), records, problems);
  }

  /**
   * The record with the fields that take a caller's variable ({@code out: "%ledgerIndex"}) set from
   * {@code variables}, for a caller that reads the FHIR content before it knows them: the broker
   * translates a disclosure before its ledger entry exists, and adds the entry's index last. Fields
   * whose variable is not given keep what the record holds.
   *
   * @throws IllegalArgumentException if a value is longer than its field allows or does not match
   *     its pattern (the message names the field, not the value)
   */
  public LocalRecord withVariables(
      Mapping mapping, LocalRecord record, Map<String, String> variables) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Field field : mapping.fields()) {
      String variable = field.variable();
      String value =
          variable != null && variables.containsKey(variable)
              ? variables.get(variable)
              : record.get(field.name());
      if (value == null || value.isEmpty()) {
        continue;
      }
      if (variable != null) {
        String problem = FieldValues.checkLocal(field, value);
        if (problem != null) {
          throw new IllegalArgumentException("Field " + field.name() + ": " + problem);
        }
      }
      values.put(field.name(), value);
    }
    return new LocalRecord(record.number(), values);
  }

  /**
   * The local file for these records: for CSV a header and one row each (formula-like cells
   * neutralised, RFC 4180 quoting, CRLF), for JSON an object or an array, for XML a document; UTF-8
   * throughout.
   */
  public byte[] write(Mapping mapping, List<LocalRecord> records) {
    return LocalCodec.of(mapping.format()).write(mapping, records);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static <T> MappingResult<T> refused(String source, String message) {
    return new MappingResult<>(
        source, 0, List.of(), List.of(MappingProblem.error(0, null, message)));
  }

  private static String utf8(byte[] input) throws CharacterCodingException {
    int start =
        input.length >= 3
                && (input[0] & 0xff) == 0xef
                && (input[1] & 0xff) == 0xbb
                && (input[2] & 0xff) == 0xbf
            ? 3
            : 0;
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(input, start, input.length - start))
        .toString();
  }

  private static String sha256(byte[] input) {
    return Sha256.hexOf(input);
  }
}
