package org.concordat.protocols.ledger;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A ledger's tree head at one size, as the body of a C2SP tlog-checkpoint note: origin, tree size
 * and base64 root hash, one per line. Sign the {@link #body()} with {@link SignedNote}.
 *
 * <p>Concordat writes no extension lines (the spec advises against them), so {@link #parse} refuses
 * a body that has any rather than drop what it cannot represent.
 */
public record Checkpoint(String origin, TreeSize size, byte[] rootHash) {
  private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(rootHash, "rootHash");
    if (origin.isEmpty()) {
      throw new IllegalArgumentException("A checkpoint origin is not empty");
    }
    for (int i = 0; i < origin.length(); i++) {
      if (origin.charAt(i) < 0x20) {
        throw new IllegalArgumentException(
            "A checkpoint origin is one line without control characters");
      }
    }
    if (rootHash.length != MerkleHash.SIZE) {
      throw new IllegalArgumentException("A root hash is 32 bytes, not " + rootHash.length);
    }
    rootHash = rootHash.clone();
  }

  /** A copy of the root hash; the record's own array never escapes. */
  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text: {@code <origin>\n<size>\n<base64 root>\n}. */
  public String body() {
    return origin
        + "\n"
        + size.value()
        + "\n"
        + Base64.getEncoder().encodeToString(rootHash)
        + "\n";
  }

  /**
   * Reads a checkpoint note text (without signatures, e.g. {@link VerifiedNote#body()}).
   *
   * @throws IllegalArgumentException saying which line is wrong
   */
  public static Checkpoint parse(String body) {
    Objects.requireNonNull(body, "body");
    if (!body.endsWith("\n")) {
      throw new IllegalArgumentException("A checkpoint body ends with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException(
          "A checkpoint body has three lines: origin, tree size and root hash");
    }
    if (lines.length > 3) {
      throw new IllegalArgumentException(
          "This checkpoint has extension lines, which Concordat does not use");
    }
    if (!SIZE.matcher(lines[1]).matches()) {
      throw new IllegalArgumentException(
          "The second line of a checkpoint is the tree size in decimal without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The tree size is too large", e);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The third line of a checkpoint is a base64 root hash", e);
    }
    // Only the padded standard encoding is accepted, so one checkpoint has one text form.
    if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
      throw new IllegalArgumentException("The root hash is not in standard padded base64");
    }
    return new Checkpoint(lines[0], new TreeSize(size), root);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Checkpoint that
        && origin.equals(that.origin)
        && size.equals(that.size)
        && Arrays.equals(rootHash, that.rootHash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash));
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + origin
        + ", size "
        + size
        + ", root "
        + Base64.getEncoder().encodeToString(rootHash)
        + "]";
  }
}
