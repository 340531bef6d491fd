package org.concordat.benchmarks.ledger;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.concordat.protocols.ledger.ConsistencyProof;
import org.concordat.protocols.ledger.InMemoryNodeStore;
import org.concordat.protocols.ledger.InclusionProof;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.MerkleHash;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.TreeSize;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An inclusion proof from stored perfect-subtree hashes at 1,000,000 entries (goal: under 1 ms).
 * The tree size is not a power of two, so the proof includes a computed right-edge hash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InclusionProofBenchmark {
  @Param("1000000")
  public int entries;

  private InMemoryNodeStore store;
  private TreeSize size;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    store = new InMemoryNodeStore();
    for (int i = 0; i < entries; i++) {
      store.append(MerkleHash.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    size = store.size();
  }

  @Benchmark
  public InclusionProof inclusion() {
    // Walk the indices with a large odd stride so successive proofs take different paths.
    next = (next + 7_919_347L) % entries;
    return MerkleProofs.inclusion(store, LeafIndex.of(next), size);
  }

  @Benchmark
  public ConsistencyProof consistency() {
    next = (next + 7_919_347L) % entries;
    return MerkleProofs.consistency(store, TreeSize.of(next + 1), size);
  }
}
