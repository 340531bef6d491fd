package org.concordat.broker.ledger;

import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.ledger.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The ledger over HTTP: the latest signed checkpoint, entries exactly as hashed, and the verifier
 * key. A later issue adds inclusion and consistency proofs beside these.
 */
@RestController
@RequestMapping("/api/ledger")
class LedgerController {
  /** The most entries one request may ask for. */
  static final long MAX_ENTRIES = 1000;

  private final LedgerView ledger;
  private final KeyRotation keyRotation;

  public LedgerController(LedgerView ledger, KeyRotation keyRotation) {
    this.ledger = ledger;
    this.keyRotation = keyRotation;
  }

  /**
   * Replaces the ledger's checkpoint key (ADMIN): the rotation is recorded in the ledger and
   * vouched for by a checkpoint signed with the old key before the new key signs anything.
   */
  @PostMapping("/key-rotation")
  public KeyRotation.Rotated rotateKey(org.springframework.security.core.Authentication who) {
    return keyRotation.rotate(new Actor(who.getName(), "administrator"));
  }

  @GetMapping(value = "/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
  public String checkpoint() {
    return ledger
        .latestCheckpoint()
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "No checkpoint has been signed yet"));
  }

  /**
   * Every stored checkpoint, smallest tree first: what an auditor checks consistency across. With
   * {@code max-size}, only those covering at most that many entries, so an export pinned to one
   * checkpoint holds no checkpoint signed after it.
   */
  @GetMapping(value = "/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
  public java.util.List<String> checkpoints(
      @RequestParam(name = "max-size", required = false) @org.jspecify.annotations.Nullable
          Long maxSize) {
    if (maxSize != null && maxSize < 0) {
      throw new InvalidRequest("max-size must be at least 0");
    }
    return maxSize == null ? ledger.checkpoints() : ledger.checkpoints(maxSize);
  }

  /** An inclusion proof: base64 hashes in RFC 6962 order. */
  public record InclusionProofView(long index, long size, java.util.List<String> hashes) {}

  /** A consistency proof: base64 hashes in RFC 6962 order. */
  public record ConsistencyProofView(long from, long to, java.util.List<String> hashes) {}

  @GetMapping(value = "/proof/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
  public InclusionProofView inclusion(@RequestParam long index, @RequestParam long size) {
    return new InclusionProofView(index, size, ledger.inclusion(index, size).base64Hashes());
  }

  @GetMapping(value = "/proof/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
  public ConsistencyProofView consistency(@RequestParam long from, @RequestParam long to) {
    return new ConsistencyProofView(from, to, ledger.consistency(from, to).base64Hashes());
  }

  @GetMapping(value = "/keys", produces = MediaType.TEXT_PLAIN_VALUE)
  public String keys() {
    return String.join("\n", ledger.verifierKeys()) + "\n";
  }

  @GetMapping(value = "/entries", produces = "application/x-ndjson")
  public byte[] entries(@RequestParam long start, @RequestParam long end) {
    if (start < 0 || end < start) {
      throw new InvalidRequest("start must be at least 0 and end at least start");
    }
    if (end - start > MAX_ENTRIES) {
      throw new InvalidRequest("At most " + MAX_ENTRIES + " entries may be fetched at once");
    }
    long size = ledger.size();
    if (end > size) {
      throw new InvalidRequest("end " + end + " is past the end of the ledger (size " + size + ")");
    }
    return ledger.entriesAsLines(start, end);
  }
}
