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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.LedgerVerificationException;
import org.concordat.protocols.ledger.LedgerVerifier;
import org.concordat.protocols.ledger.NoteVerifier;
import org.concordat.protocols.ledger.VerifiedLedger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledger export|verify}: the ledger, its checkpoints and keys, verified offline. */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Export and verify the disclosure ledger.",
    subcommands = {LedgerCommand.Export.class, LedgerCommand.Verify.class})
final class LedgerCommand implements Runnable {
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
      return send(pathAndQuery, null);
    }

    byte[] post(String path, String textBody) throws IOException {
      return send(path, textBody, "text/plain; charset=utf-8", 200);
    }

    /** POSTs a JSON body and expects {@code 201 Created}. */
    byte[] create(String path, String jsonBody) throws IOException {
      return send(path, jsonBody, "application/json", 201);
    }

    private byte[] send(String pathAndQuery, @org.jspecify.annotations.Nullable String textBody)
        throws IOException {
      return send(pathAndQuery, textBody, "text/plain; charset=utf-8", 200);
    }

    private byte[] send(
        String pathAndQuery,
        @org.jspecify.annotations.Nullable String textBody,
        String contentType,
        int expected)
        throws IOException {
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
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(url.resolve(pathAndQuery))
              .header("Authorization", "Basic " + credentials)
              .timeout(Duration.ofSeconds(60));
      HttpRequest request =
          textBody == null
              ? builder.GET().build()
              : builder
                  .header("Content-Type", contentType)
                  .POST(HttpRequest.BodyPublishers.ofString(textBody))
                  .build();
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted", e);
      }
      if (response.statusCode() != expected) {
        throw new IOException(
            (textBody == null ? "GET " : "POST ")
                + pathAndQuery
                + " answered HTTP "
                + response.statusCode()
                + " from "
                + url
                + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
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

    Export() {}

    @Option(names = "--out", required = true, description = "the directory to write")
    Path out;

    @Override
    public Integer call() throws IOException {
      ExportSummary summary = exportTo(connection.broker(), out, spec.commandLine().getErr());
      spec.commandLine()
          .getOut()
          .println(
              "Exported "
                  + summary.entries()
                  + " entries and "
                  + summary.checkpoints()
                  + " checkpoints to "
                  + out.toAbsolutePath());
      return ExitCodes.OK;
    }

    record ExportSummary(long entries, int checkpoints) {}

    /**
     * Writes a consistent snapshot: the newest checkpoint is pinned first, then exactly the entries
     * it covers and only the checkpoints up to it are written, so entries appended and checkpoints
     * signed while the export runs are left out rather than half in.
     */
    ExportSummary exportTo(BrokerConnection broker, Path out, PrintWriter err) throws IOException {
      Files.createDirectories(out.resolve("checkpoints"));
      byte[] latest = broker.get("/api/ledger/checkpoint");
      long size = treeSize(new String(latest, StandardCharsets.UTF_8));
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
              .readValue(broker.get("/api/ledger/checkpoints?max-size=" + size));
      int written = 0;
      for (String note : notes) {
        long treeSize = treeSize(note);
        // A broker that ignores max-size still gives no checkpoint past the pinned one here.
        if (treeSize <= size) {
          Files.writeString(out.resolve("checkpoints").resolve(Long.toString(treeSize)), note);
          written++;
        }
      }
      Files.write(out.resolve("checkpoint"), latest);
      Files.write(out.resolve("keys"), broker.get("/api/ledger/keys"));
      return new ExportSummary(size, written);
    }

    /** The tree size on a checkpoint note's second line. */
    private static long treeSize(String note) throws IOException {
      String[] lines = note.split("\n", 3);
      try {
        return Long.parseLong(lines[1].strip());
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new IOException("The broker sent a checkpoint note without a tree size", e);
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Verify a ledger from its export alone (or fetch it first with --url): every entry's"
              + " canonical form and index, every checkpoint's signature and root, consistency"
              + " between checkpoints. Exits 1 naming the first entry or checkpoint that fails.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(
        paramLabel = "DIR",
        arity = "0..1",
        description = "an export directory (entries.jsonl, checkpoints/, keys)")
    @org.jspecify.annotations.Nullable
    Path dir;

    @CommandLine.ArgGroup(exclusive = false)
    @org.jspecify.annotations.Nullable
    BrokerConnection fetch;

    @Option(
        names = "--origin",
        description = "the log's origin line to require (default: the one in DIR/checkpoint)")
    @org.jspecify.annotations.Nullable
    String origin;

    @Option(
        names = "--keys",
        description = "verifier keys to trust, one per line (default: DIR/keys)")
    @org.jspecify.annotations.Nullable
    Path keys;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Path source = dir;
      if (fetch != null) {
        source = Files.createTempDirectory("concordat-ledger-");
        new Export().exportTo(fetch, source, err);
      }
      if (source == null) {
        err.println("concordat: give an export DIR or --url with --user");
        return ExitCodes.USAGE;
      }
      String latest = Files.readString(source.resolve("checkpoint"));
      String logOrigin = origin != null ? origin : latest.split("\n", 2)[0];
      List<NoteVerifier> trusted = new ArrayList<>();
      for (String line : Files.readAllLines(keys != null ? keys : source.resolve("keys"))) {
        if (!line.isBlank()) {
          VerifierKey key = VerifierKey.parse(line.strip());
          trusted.add(
              new NoteVerifier(key.name(), new BouncyCastleEd25519Verifier(key.publicKey())));
        }
      }
      List<String> notes = new ArrayList<>();
      Path checkpoints = source.resolve("checkpoints");
      if (Files.isDirectory(checkpoints)) {
        try (var files = Files.list(checkpoints)) {
          files
              .sorted(
                  java.util.Comparator.comparingLong(
                      p -> Long.parseLong(p.getFileName().toString())))
              .forEach(
                  p -> {
                    try {
                      notes.add(Files.readString(p));
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
        }
      } else {
        notes.add(latest);
      }
      long total;
      try (var counting = Files.lines(source.resolve("entries.jsonl"))) {
        total = counting.count();
      }
      try (var lines = Files.lines(source.resolve("entries.jsonl"))) {
        Iterator<byte[]> entries =
            lines.map(line -> line.getBytes(StandardCharsets.UTF_8)).iterator();
        VerifiedLedger verified =
            new LedgerVerifier(logOrigin, trusted)
                .verify(entries, notes, done -> Progress.show(err, "verify", done, total));
        out.println(
            "OK: "
                + verified.entries().value()
                + " entries and "
                + verified.checkpoints().size()
                + " checkpoint(s) verified for "
                + logOrigin
                + (verified.uncovered() > 0
                    ? "; " + verified.uncovered() + " entries after the latest checkpoint"
                    : ""));
        return ExitCodes.OK;
      } catch (LedgerVerificationException e) {
        err.println();
        err.println("FAILED: " + e.getMessage());
        return ExitCodes.NO;
      }
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
