package org.concordat.protocols.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the broker gives the person (or the system that recorded their consent) when a consent
 * directive is created, updated or withdrawn: the directive version, the SHA-256 of its exact
 * bytes, the change, when, and the index of the {@code consent-change} ledger entry — as the body
 * of a C2SP signed note signed with the ledger's key. Anyone holding the ledger's verifier key can
 * check the signature later, and with an inclusion proof for the index, that the ledger holds the
 * change.
 *
 * <p>Body, one item per line, each line ending in a newline: {@code concordat-consent-receipt/v1},
 * the ledger origin, the directive reference, the change ({@code created}, {@code updated} or
 * {@code withdrawn}), the lower-case hex SHA-256, the ledger index, the time (ISO-8601 UTC).
 */
public record ConsentReceipt(
    String origin,
    String directive,
    ConsentChangeBody.Change change,
    String directiveSha256,
    long ledgerIndex,
    Instant at) {
  static final String HEADER = "concordat-consent-receipt/v1";

  public ConsentReceipt {
    Json.requireLabel(origin, "The origin");
    Json.requireLabel(directive, "The directive reference");
    Objects.requireNonNull(change, "change");
    Json.requireHex(directiveSha256, "The directive hash");
    if (ledgerIndex < 0) {
      throw new IllegalArgumentException("A ledger index is not negative");
    }
    at = Json.millis(at, "The time");
  }

  /** The note body that is signed. */
  public String body() {
    return HEADER
        + "\n"
        + origin
        + "\n"
        + directive
        + "\n"
        + change.wireName()
        + "\n"
        + directiveSha256
        + "\n"
        + ledgerIndex
        + "\n"
        + Json.TIME.format(at)
        + "\n";
  }

  /** The signed note: {@link #body()} with one signature line per signer. */
  public String sign(Signer signer) {
    return SignedNote.sign(body(), List.of(signer));
  }

  /**
   * Opens a signed receipt: checks a signature by one of {@code verifiers} and reads the body.
   *
   * @throws InvalidSignatureException if no known key signed it, or a signature is wrong
   * @throws IllegalArgumentException if the body is not a consent receipt
   */
  public static ConsentReceipt open(String note, List<NoteVerifier> verifiers)
      throws InvalidSignatureException {
    VerifiedNote verified = SignedNote.open(note, verifiers);
    String[] lines = verified.body().split("\n", -1);
    if (lines.length != 8 || !lines[0].equals(HEADER) || !lines[7].isEmpty()) {
      throw new IllegalArgumentException(
          "The note is not a Concordat consent receipt (" + HEADER + " with six lines)");
    }
    try {
      return new ConsentReceipt(
          lines[1],
          lines[2],
          ConsentChangeBody.Change.fromWireName(lines[3]),
          lines[4],
          Long.parseLong(lines[5]),
          Instant.parse(lines[6]));
    } catch (InvalidLedgerEntryException
        | java.time.format.DateTimeParseException
        | NumberFormatException e) {
      throw new IllegalArgumentException("The consent receipt is malformed: " + e.getMessage(), e);
    }
  }
}
