package org.concordat.benchmarks.ledger;

import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.concordat.protocols.canonical.Sha256;
import org.concordat.protocols.ledger.LedgerVerificationException;
import org.concordat.protocols.ledger.LedgerVerifier;
import org.concordat.protocols.ledger.VerifiedLedger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code ledger verify} throughput against bare SHA-256 over the same bytes in the same run (goal:
 * ratio ≥ 0.5). Each operation verifies (or hashes) the whole ledger of {@code entries} entries;
 * the ratio is {@code bareSha256} time ÷ {@code verify} time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LedgerVerifyBenchmark {
  @Param("100000")
  public int entries;

  private BenchmarkLedger ledger;
  private LedgerVerifier verifier;

  @Setup(Level.Trial)
  public void setUp() {
    ledger = BenchmarkLedger.of(entries);
    verifier = new LedgerVerifier(BenchmarkLedger.ORIGIN, ledger.keys);
  }

  @Benchmark
  public VerifiedLedger verify() throws LedgerVerificationException {
    return verifier.verify(ledger.entries.iterator(), ledger.checkpointNotes, done -> {});
  }

  /** The floor: one SHA-256 per entry over the same bytes, nothing else. */
  @Benchmark
  public void bareSha256(Blackhole sink) {
    MessageDigest sha256 = Sha256.newDigest();
    for (byte[] entry : ledger.entries) {
      sha256.update(entry);
      sink.consume(sha256.digest());
    }
  }
}
