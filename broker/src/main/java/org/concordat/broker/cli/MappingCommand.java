package org.concordat.broker.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.hl7v2.AdtRejectedException;
import org.concordat.adapters.hl7v2.AdtSender;
import org.concordat.adapters.mapping.InvalidMappingException;
import org.concordat.adapters.mapping.LocalRecord;
import org.concordat.adapters.mapping.Mapping;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingDirection;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingFileProblem;
import org.concordat.adapters.mapping.MappingLimits;
import org.concordat.adapters.mapping.MappingProblem;
import org.concordat.adapters.mapping.MappingResult;
import org.concordat.adapters.mapping.Mappings;
import org.concordat.broker.disclosure.Hl7v2Properties;
import org.concordat.broker.mapping.MappingSamples;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mapping validate|test}: check a mapping file and try it on a sample file. */
@Command(
    name = "mapping",
    mixinStandardHelpOptions = true,
    description = "Check mappings (config/mappings/*.yaml) and test them on sample files.",
    subcommands = {MappingCommand.Validate.class, MappingCommand.Test.class})
final class MappingCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A mapping file given as a path, or a mapping name looked up under the config folder. */
  static Mapping load(String mapping, Path configDir) {
    Path file = Path.of(mapping);
    if (mapping.endsWith(".yaml") || mapping.endsWith(".yml") || Files.exists(file)) {
      return Mappings.read(file);
    }
    return new MappingCatalogue(configDir.resolve("mappings")).get(mapping);
  }

  static void printProblems(InvalidMappingException e, PrintWriter err) {
    for (MappingFileProblem problem : e.problems()) {
      err.println(problem);
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a mapping file and report every problem with file, line and column.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the mapping .yaml to check")
    Path file;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        Mapping mapping = Mappings.read(file);
        spec.commandLine()
            .getOut()
            .println(
                file
                    + ": "
                    + mapping.id()
                    + " "
                    + mapping.version()
                    + " is valid ("
                    + mapping.formatName()
                    + ", "
                    + mapping.fieldNames().size()
                    + " fields, "
                    + directions(mapping)
                    + ")");
        return ExitCodes.OK;
      } catch (InvalidMappingException e) {
        printProblems(e, err);
        err.println(file + ": " + e.problems().size() + " problem(s)");
        return ExitCodes.NO;
      }
    }
  }

  static String directions(Mapping mapping) {
    boolean in = mapping.supports(MappingDirection.IN);
    boolean out = mapping.supports(MappingDirection.OUT);
    return in && out ? "in and out" : in ? "in only" : "out only";
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Translate a sample file with a mapping and print the result and every problem, each with"
            + " its record number and field. Nothing is sent or recorded.",
        "Going in (the local format to FHIR) each record is printed as a FHIR Bundle; going out"
            + " (FHIR to the local format) the local file is printed. Samples are read as the"
            + " broker reads what partners send: FHIR R4, an ADW notice in FHIR DSTU2 (converted"
            + " to R4), or HL7 v2 ADT in a .hl7 file (converted to its ADW notice, with the"
            + " senders in <config-dir>/application.yaml). Problems go to standard"
            + " error. Exit code 0 when every record translated, 1 when any record failed or the"
            + " mapping has problems."
      })
  static final class Test implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--mapping",
        required = true,
        paramLabel = "M",
        description = "a mapping file (.yaml), or the name of one in <config-dir>/mappings")
    String mapping;

    @Option(names = "--input", required = true, paramLabel = "F", description = "the sample file")
    Path input;

    @Option(
        names = "--direction",
        paramLabel = "out|in",
        description =
            "out: FHIR to the local format; in: the local format to FHIR (default: out if the"
                + " input is FHIR, else in)")
    String direction;

    @Option(
        names = "--var",
        paramLabel = "NAME=VALUE",
        description = "a value for a field whose out is %%NAME (going out), e.g. ledgerIndex=17")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(
        names = "--config-dir",
        description = "the folder whose mappings/ holds named mappings (default: config)")
    Path configDir = Path.of("config");

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Mapping chosen;
      try {
        chosen = load(mapping, configDir);
      } catch (InvalidMappingException e) {
        printProblems(e, err);
        err.println(mapping + ": the mapping has " + e.problems().size() + " problem(s)");
        return ExitCodes.NO;
      } catch (MappingCatalogue.UnknownMappingException e) {
        err.println(e.getMessage() + " in " + configDir.resolve("mappings"));
        return ExitCodes.USAGE;
      }
      byte[] bytes = Files.readAllBytes(input);
      String name = input.getFileName().toString();
      boolean hl7v2 = MappingSamples.isHl7v2(name);
      MappingDirection way;
      try {
        way =
            direction != null
                ? MappingDirection.of(direction)
                : hl7v2 ? MappingDirection.OUT : guess(input, bytes);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      FhirMessages fhir = new FhirMessages();
      if (hl7v2 && way == MappingDirection.OUT) {
        try {
          bytes =
              new MappingSamples(
                      new AdtNotices(adtSenders(configDir), fhir, NoticeParser.DEFAULT_MAX_BYTES))
                  .asFhir(bytes, name);
        } catch (AdtRejectedException e) {
          err.println(
              input + ": the broker would refuse this HL7 v2 message: " + e.getMessage() + ".");
          return ExitCodes.NO;
        }
      }
      MappingEngine engine = new MappingEngine(fhir, MappingLimits.DEFAULT);
      MappingResult<?> result;
      if (way == MappingDirection.IN) {
        MappingResult<Bundle> in = engine.in(chosen, bytes, name);
        for (MappingResult.Translated<Bundle> record : in.records()) {
          out.println("record " + record.record() + ":");
          out.println(
              fhir.context()
                  .newJsonParser()
                  .setPrettyPrint(true)
                  .encodeResourceToString(record.value()));
        }
        result = in;
      } else {
        MappingResult<LocalRecord> translated = engine.out(chosen, bytes, name, variables);
        out.print(new String(engine.write(chosen, translated.values()), StandardCharsets.UTF_8));
        result = translated;
      }
      out.flush();
      report(err, input, way, result);
      return result.hasErrors() ? ExitCodes.NO : ExitCodes.OK;
    }

    private static void report(
        PrintWriter err, Path input, MappingDirection way, MappingResult<?> result) {
      for (MappingProblem problem : result.problems()) {
        err.println(input + ": " + problem);
      }
      int translated = result.records().size();
      int failed = (int) result.failedRecords().stream().filter(n -> n > 0).count();
      err.println(
          input
              + ": "
              + way.wireName()
              + ": "
              + result.recordsRead()
              + " record(s) read, "
              + translated
              + " translated, "
              + failed
              + " failed"
              + (result.failedRecords().contains(0) ? "; the input was refused" : ""));
    }

    /**
     * The HL7 v2 senders of {@code concordat.hl7v2.senders} in {@code
     * <config-dir>/application.yaml}, bound as the broker binds them; none when the file is absent.
     */
    private static List<AdtSender> adtSenders(Path configDir) throws IOException {
      Path file = configDir.resolve("application.yaml");
      if (!Files.exists(file)) {
        return List.of();
      }
      List<PropertySource<?>> sources =
          new YamlPropertySourceLoader().load("application", new FileSystemResource(file));
      return new Binder(ConfigurationPropertySources.from(sources))
          .bind("concordat.hl7v2", Hl7v2Properties.class)
          .map(Hl7v2Properties::adtSenders)
          .orElse(List.of());
    }

    /** FHIR (NDJSON, or JSON/XML naming a FHIR resource) goes out; anything else goes in. */
    private static MappingDirection guess(Path input, byte[] bytes) {
      String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".ndjson")) {
        return MappingDirection.OUT;
      }
      String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
      boolean fhirJson = head.stripLeading().startsWith("{") && head.contains("\"resourceType\"");
      boolean fhirXml = head.stripLeading().startsWith("<") && head.contains("http://hl7.org/fhir");
      return fhirJson || fhirXml ? MappingDirection.OUT : MappingDirection.IN;
    }
  }
}
