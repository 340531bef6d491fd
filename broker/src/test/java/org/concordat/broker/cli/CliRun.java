package org.concordat.broker.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, as a script would, capturing output and exit code. */
public record CliRun(int code, String out, String err) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ConcordatCommand.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(code, out.toString(), err.toString());
  }
}
