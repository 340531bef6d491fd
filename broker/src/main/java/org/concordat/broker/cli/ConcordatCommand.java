package org.concordat.broker.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top of the command tree; {@code serve} (or no command) starts the broker instead. */
@Command(
    name = "concordat",
    mixinStandardHelpOptions = true,
    version = "Concordat 0.1.0",
    description = "Information-sharing and consent broker. With no command, or 'serve', it serves.",
    subcommands = {
      ProtocolCommand.class,
      LedgerCommand.class,
      WitnessCommand.class,
      OptOutCommand.class,
      MappingCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (valid, active, permitted)",
      "1:a definite no (invalid protocol, not active, denied)",
      "2:the command line was wrong",
      "3:the command failed (a file could not be read or written)"
    })
public final class ConcordatCommand implements Runnable {
  private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Whether these arguments name a command rather than asking the broker to serve. Serving takes
   * Spring Boot options ({@code --server.port=9090}), so an option other than help or version means
   * serve; a word other than {@code serve} is a command (an unknown one is reported).
   */
  public static boolean isCommand(String[] args) {
    if (args.length == 0 || args[0].equals("serve")) {
      return false;
    }
    return HELP.contains(args[0]) || !args[0].startsWith("-");
  }

  /** Runs a command and returns its exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new ConcordatCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          line.getErr().println("concordat: " + exception.getMessage());
          return ExitCodes.FAILURE;
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
