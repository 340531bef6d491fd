package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  private static final byte[] ROOT =
      HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void writesTheTlogCheckpointBody() {
    Checkpoint checkpoint = new Checkpoint("concordat.example/ledger", TreeSize.of(8), ROOT);
    assertThat(checkpoint.body())
        .isEqualTo(
            "concordat.example/ledger\n8\n" + Base64.getEncoder().encodeToString(ROOT) + "\n");
  }

  @Test
  void readsTheSpecExampleBody() {
    Checkpoint checkpoint =
        Checkpoint.parse(
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n");
    assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(checkpoint.size()).isEqualTo(TreeSize.of(20852163));
    assertThat(checkpoint.rootHash()).hasSize(32);
  }

  @Test
  void roundTripsThroughItsBody() {
    Checkpoint checkpoint =
        new Checkpoint("concordat.example/ledger", TreeSize.of(0), MerkleHash.emptyRoot());
    assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
    assertThat(Checkpoint.parse(checkpoint.body()).body()).isEqualTo(checkpoint.body());
  }

  @Test
  void comparesRootHashesByContent() {
    Checkpoint a = new Checkpoint("o", TreeSize.of(8), ROOT.clone());
    Checkpoint b = new Checkpoint("o", TreeSize.of(8), ROOT.clone());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new Checkpoint("o", TreeSize.of(7), ROOT));
  }

  @Test
  void keepsItsRootHashFromOutsideChange() {
    byte[] root = ROOT.clone();
    Checkpoint checkpoint = new Checkpoint("o", TreeSize.of(8), root);
    root[0] ^= 1;
    checkpoint.rootHash()[1] ^= 1;
    assertThat(checkpoint.rootHash()).isEqualTo(ROOT);
  }

  @Test
  void refusesMalformedBodies() {
    String root = Base64.getEncoder().encodeToString(ROOT);
    for (String body :
        new String[] {
          "o\n8\n" + root,
          "o\n8\n",
          "o\n08\n" + root + "\n",
          "o\n-1\n" + root + "\n",
          "o\n99999999999999999999\n" + root + "\n",
          "o\n8\n" + root.substring(0, root.length() - 1) + "\n",
          "o\n8\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
          "o\n8\n" + root + "\nextension\n",
          "\n8\n" + root + "\n"
        }) {
      assertThatThrownBy(() -> Checkpoint.parse(body))
          .as(body)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesANegativeTreeSize() {
    assertThatThrownBy(() -> TreeSize.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
