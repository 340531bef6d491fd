package org.concordat.broker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledger export}: the ledger, its checkpoints and keys, for offline verification. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Export and verify the disclosure ledger.",
    subcommands = {LedgerCommand.Export.class})
public final class LedgerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where a broker is and who asks it. */
  static final class BrokerConnection {
    @Option(
        names = "--url",
        required = true,
        description = "the broker, e.g. http://localhost:8080")
    URI url;

    @Option(names = "--user", required = true, description = "an IG or ADMIN account")
    String user;

    @Option(
        names = "--password",
        interactive = true,
        arity = "0..1",
        description =
            "the account's password; prompted for if given without a value; read from"
                + " CONCORDAT_PASSWORD if absent")
    char[] password;

    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    byte[] get(String pathAndQuery) throws IOException {
      char[] secret = password;
      if (secret == null) {
        String fromEnvironment = System.getenv("CONCORDAT_PASSWORD");
        if (fromEnvironment == null) {
          throw new IOException("No password: give --password or set CONCORDAT_PASSWORD");
        }
        secret = fromEnvironment.toCharArray();
      }
      String credentials =
          Base64.getEncoder()
              .encodeToString((user + ":" + new String(secret)).getBytes(StandardCharsets.UTF_8));
      HttpRequest request =
          HttpRequest.newBuilder(url.resolve(pathAndQuery))
              .header("Authorization", "Basic " + credentials)
              .timeout(Duration.ofSeconds(60))
              .GET()
              .build();
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted", e);
      }
      if (response.statusCode() != 200) {
        throw new IOException(
            "GET " + pathAndQuery + " answered HTTP " + response.statusCode() + " from " + url);
      }
      return response.body();
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write entries.jsonl (each line the exact bytes of one entry), checkpoint (the latest"
              + " signed note), checkpoints/<size> (every stored checkpoint) and keys (verifier"
              + " keys) into a directory.")
  static final class Export implements Callable<Integer> {
    /** Entries fetched per request (the API's maximum). */
    static final int PAGE = 1000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin BrokerConnectionMixin connection;

    @Option(names = "--out", required = true, description = "the directory to write")
    Path out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      BrokerConnection broker = connection.broker();
      Files.createDirectories(out.resolve("checkpoints"));
      byte[] latest = broker.get("/api/ledger/checkpoint");
      long size = Long.parseLong(new String(latest, StandardCharsets.UTF_8).split("\n")[1]);
      try (OutputStream entries = Files.newOutputStream(out.resolve("entries.jsonl"))) {
        for (long start = 0; start < size; start += PAGE) {
          long end = Math.min(size, start + PAGE);
          entries.write(broker.get("/api/ledger/entries?start=" + start + "&end=" + end));
          Progress.show(err, "entries", end, size);
        }
      }
      List<String> notes =
          new ObjectMapper()
              .readerForListOf(String.class)
              .readValue(broker.get("/api/ledger/checkpoints"));
      for (String note : notes) {
        String treeSize = note.split("\n")[1];
        Files.writeString(out.resolve("checkpoints").resolve(treeSize), note);
      }
      Files.write(out.resolve("checkpoint"), latest);
      Files.write(out.resolve("keys"), broker.get("/api/ledger/keys"));
      spec.commandLine()
          .getOut()
          .println(
              "Exported "
                  + size
                  + " entries and "
                  + notes.size()
                  + " checkpoints to "
                  + out.toAbsolutePath());
      return ExitCodes.OK;
    }
  }

  /** Picocli mixin wrapper so each command gets its own connection options. */
  static final class BrokerConnectionMixin {
    @CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    BrokerConnection connection;

    BrokerConnection broker() {
      return connection;
    }
  }
}
