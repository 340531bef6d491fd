package org.concordat.broker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.concordat.adapters.optout.CohortFile;
import org.concordat.adapters.optout.CohortMismatchException;
import org.concordat.adapters.optout.OptOutFileException;
import org.concordat.adapters.optout.OptOutFiles;
import org.concordat.adapters.optout.OptOutResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code optout import}: load a national data opt-out check result into a running broker. */
@Command(
    name = "optout",
    mixinStandardHelpOptions = true,
    description = "The national data opt-out.",
    subcommands = {OptOutCommand.Import.class})
final class OptOutCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import the result of a Check for National Data Opt-outs: the cohort file submitted over"
            + " MESH and the file the service returned (the cohort without the people who opted"
            + " out). Both files are checked here first; every problem is shown with its file and"
            + " line. With --url the result is sent to the broker (IG or ADMIN account).",
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--submitted", required = true, description = "the cohort file sent")
    Path submitted;

    @Option(names = "--returned", required = true, description = "the file the service returned")
    Path returned;

    @Option(
        names = "--check-only",
        description = "only check the two files and say what the import would record")
    boolean checkOnly;

    @CommandLine.ArgGroup(exclusive = false)
    LedgerCommand.BrokerConnection broker;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CohortFile sent;
      CohortFile back;
      try {
        sent = read(submitted);
        back = read(returned);
      } catch (OptOutFileException e) {
        e.problems().forEach(p -> err.println(p.describe(e.fileName())));
        if (e.truncated()) {
          err.println(e.fileName() + ": more problems not shown");
        }
        return ExitCodes.NO;
      } catch (IOException e) {
        err.println("concordat: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
      OptOutResult result;
      try {
        result = OptOutFiles.compare(sent, back);
      } catch (CohortMismatchException e) {
        err.println("concordat: " + e.getMessage());
        return ExitCodes.NO;
      }
      out.printf(
          "%s: %d people checked, %d opted out, %d not opted out%n",
          submitted.getFileName(),
          sent.nhsNumbers().size(),
          result.optedOut().size(),
          result.notOptedOut().size());
      if (checkOnly) {
        return ExitCodes.OK;
      }
      if (broker == null) {
        err.println("concordat: give --url and --user to import, or --check-only");
        return ExitCodes.USAGE;
      }
      try {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.put("submittedName", String.valueOf(submitted.getFileName()));
        body.put("submitted", Files.readString(submitted, StandardCharsets.UTF_8));
        body.put("returnedName", String.valueOf(returned.getFileName()));
        body.put("returned", Files.readString(returned, StandardCharsets.UTF_8));
        byte[] answer = broker.create("/api/opt-out/imports", body.toString());
        out.println("Imported: " + new String(answer, StandardCharsets.UTF_8));
        return ExitCodes.OK;
      } catch (IOException e) {
        err.println("concordat: " + e.getMessage());
        return ExitCodes.FAILURE;
      }
    }

    private static CohortFile read(Path file) throws IOException {
      return OptOutFiles.read(
          file, OptOutImportsLimits.MAX_FILE_BYTES, OptOutImportsLimits.MAX_RECORDS);
    }
  }

  /** The same limits as the API (the CLI does not depend on the pipeline). */
  static final class OptOutImportsLimits {
    static final long MAX_FILE_BYTES = 32L * 1024 * 1024;
    static final int MAX_RECORDS = 2_000_000;

    private OptOutImportsLimits() {}
  }
}
