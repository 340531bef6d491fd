package org.concordat.broker.cli;

import java.io.PrintWriter;

/** A one-line progress bar on the error stream, redrawn in place. */
final class Progress {
  private static final int WIDTH = 30;

  private Progress() {}

  static void show(PrintWriter err, String what, long done, long total) {
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    err.print(
        "\r"
            + what
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + done
            + "/"
            + total);
    if (done >= total) {
      err.println();
    }
    err.flush();
  }
}
