package org.concordat.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a script runs it, in its own JVM: what reaches standard output and standard
 * error (the logging the jar's main sets up for commands), and the exit code.
 */
class CommandLineJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("concordat.jar", "target/concordat-broker.jar"));

  @TempDir Path temp;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path out = temp.resolve("out");
    Path err = temp.resolve("err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command ends").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheResultAloneOnStandardOutputAndNoLibraryChatter() throws Exception {
    Run result =
        run(
            "mapping",
            "test",
            "--mapping",
            "adw-notice-to-referral-csv",
            "--config-dir",
            "../config",
            "--input",
            "../config/samples/adw-dstu2-discharge-notice-RXA-to-XLA001.xml");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out().lines().toList())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("notice_message_id,");
    assertThat(result.err())
        .doesNotContain("INFO")
        .doesNotContain("DEBUG")
        .isEqualTo(
            "../config/samples/adw-dstu2-discharge-notice-RXA-to-XLA001.xml: out: 1 record(s)"
                + " read, 1 translated, 0 failed\n");
  }

  @Test
  void saysAnUnknownCommandIsUnknownAndExitsWithTwo() throws Exception {
    Run result = run("pki");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("concordat: unknown command 'pki'");
  }
}
