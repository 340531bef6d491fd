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

  /**
   * The logging configuration on the class path for command mode: warnings and errors only, on
   * standard error, so standard output holds the command's result alone.
   */
  public static final String LOGGING_CONFIGURATION = "concordat-cli-logback.xml";

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
    CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
    commandLine.setParameterExceptionHandler(
        (exception, arguments) ->
            exception instanceof CommandLine.UnmatchedArgumentException unmatched
                ? unknown(unmatched.getCommandLine(), unmatched.getUnmatched())
                : usage.handleParseException(exception, arguments));
    // Help asked for beside a word that is no command ("pki --help") must not look like success.
    commandLine.setExecutionStrategy(
        parseResult -> {
          for (CommandLine.ParseResult level = parseResult;
              level != null;
              level = level.subcommand()) {
            if (!level.unmatched().isEmpty()) {
              return unknown(level.commandSpec().commandLine(), level.unmatched());
            }
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Says which word or option is not understood, shows the usage, and returns the usage code. */
  private static int unknown(CommandLine command, java.util.List<String> words) {
    String first = words.isEmpty() ? "" : words.get(0);
    String what =
        !first.startsWith("-") && !command.getSubcommands().isEmpty()
            ? "unknown command '" + first + "'"
            : "unknown argument(s) " + String.join(" ", words);
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + what);
    command.usage(err);
    return ExitCodes.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
