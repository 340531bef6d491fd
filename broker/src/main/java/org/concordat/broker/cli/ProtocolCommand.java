package org.concordat.broker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concordat.broker.pipeline.DecisionView;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.InvalidProtocolException;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolProblem;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code protocol validate|explain}: work with sharing protocol files. */
@Command(
    name = "protocol",
    mixinStandardHelpOptions = true,
    description = "Validate, explain and sign sharing protocols.",
    subcommands = {ProtocolCommand.Validate.class, ProtocolCommand.Explain.class})
public final class ProtocolCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads a protocol, printing every problem as file:line:column: sentence. */
  static Protocol readOrReport(Path file, PrintWriter err) throws ProtocolRejected {
    try {
      return ProtocolReader.read(file);
    } catch (InvalidProtocolException e) {
      for (ProtocolProblem problem : e.problems()) {
        err.println(problem);
      }
      throw new ProtocolRejected(e.problems().size());
    }
  }

  /** Signals that a protocol had errors (already printed). */
  static final class ProtocolRejected extends Exception {
    private static final long serialVersionUID = 1L;

    ProtocolRejected(int problems) {
      super(problems + " problem(s)");
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = "Check a protocol file and report every problem with file, line and column.")
  static final class Validate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to check")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Protocol protocol = readOrReport(file, spec.commandLine().getErr());
        out.println(
            file
                + ": "
                + protocol.ref().id()
                + " "
                + protocol.ref().version()
                + " is valid (sha256 "
                + protocol.ref().sha256()
                + ")");
        return ExitCodes.OK;
      } catch (ProtocolRejected e) {
        spec.commandLine().getErr().println(file + ": " + e.getMessage());
        return ExitCodes.NO;
      }
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description =
          "Dry-run a decision: may FROM disclose these categories to TO for PURPOSE? Nothing is"
              + " disclosed or recorded.")
  static final class Explain implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the protocol.yaml to decide under")
    Path file;

    @Option(names = "--from", required = true, description = "sender ODS code")
    String from;

    @Option(names = "--to", required = true, description = "recipient ODS code")
    String to;

    @Option(names = "--purpose", required = true, description = "purpose code")
    String purpose;

    @Option(
        names = "--category",
        description = "requested category (repeat); default: every category of the protocol")
    List<String> categories = List.of();

    @Option(
        names = "--at",
        description = "decision time, ISO-8601 (e.g. 2026-03-01T10:00:00Z); default: now")
    Instant at = Instant.now();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        Protocol protocol = readOrReport(file, spec.commandLine().getErr());
        Set<CategoryCode> requested = new LinkedHashSet<>();
        if (categories.isEmpty()) {
          protocol.categories().forEach(c -> requested.add(c.code()));
        } else {
          categories.forEach(c -> requested.add(CategoryCode.of(c)));
        }
        Decision decision =
            new DecisionEngine(protocol)
                .decide(
                    new DecisionRequest(
                        OdsCode.of(from), OdsCode.of(to), PurposeCode.of(purpose), requested, at));
        DecisionView.of(decision).lines().forEach(out::println);
        return decision instanceof Decision.Deny ? ExitCodes.NO : ExitCodes.OK;
      } catch (ProtocolRejected e) {
        spec.commandLine().getErr().println(file + ": " + e.getMessage());
        return ExitCodes.NO;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("concordat: " + e.getMessage());
        return ExitCodes.USAGE;
      }
    }
  }
}
