package org.concordat.broker.agreement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.concordat.protocols.agreement.ActivationStatus;
import org.concordat.protocols.agreement.PartySignatureStatus;
import org.concordat.protocols.agreement.ProtocolActivation;
import org.concordat.protocols.agreement.ProtocolSignature;
import org.concordat.protocols.agreement.ProtocolSignatures;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which protocol is in force. Reads {@code protocol.yaml} and {@code protocol.signatures.json}
 * beside it, checks every party's signature over the exact canonical bytes, applies the parties'
 * standings, and builds the decision engine. {@link #refresh()} reads the files again: a new
 * version replaces the one in force only when it is itself fully signed and in force; until then
 * the old one stays.
 */
public final class ProtocolRegistry implements Supplier<ActiveProtocol> {
  private static final Logger log = LoggerFactory.getLogger(ProtocolRegistry.class);
  public static final String SIGNATURES_FILE = "protocol.signatures.json";

  private final Path protocolFile;
  private final Function<String, Map<OdsCode, PartyStanding>> standings;
  private final Clock clock;
  private final Function<byte[], SignatureVerifier> verifiers;
  private final ConsentPort consents;
  private final AtomicReference<ActiveProtocol> current = new AtomicReference<>();
  private volatile QueuedRedecision redecision = change -> 0;

  /**
   * @param standings each party's standing under a protocol version, by the version's hash
   */
  public ProtocolRegistry(
      Path protocolFile,
      Function<String, Map<OdsCode, PartyStanding>> standings,
      Clock clock,
      Function<byte[], SignatureVerifier> verifiers,
      ConsentPort consents) {
    this.protocolFile = protocolFile;
    this.standings = standings;
    this.clock = clock;
    this.verifiers = verifiers;
    this.consents = consents;
    refresh();
  }

  @Override
  public ActiveProtocol get() {
    return Objects.requireNonNull(current.get());
  }

  /**
   * Where queued disclosures are decided again when what is in force changes; set once the pipeline
   * exists (it needs this registry).
   */
  public void redecideQueuedWith(QueuedRedecision redecision) {
    this.redecision = Objects.requireNonNull(redecision, "redecision");
  }

  /**
   * Reads the protocol and its signatures again and re-evaluates standings and activation. If what
   * is in force changed (another version, in force or not, a party's standing), every queued
   * disclosure it may affect is decided again before this returns.
   */
  public ActiveProtocol refresh() {
    ActiveProtocol previous;
    ActiveProtocol chosen;
    synchronized (this) {
      previous = current.get();
      chosen = reload(previous);
    }
    if (previous != null) {
      narrowing(previous, chosen).ifPresent(redecision::redecide);
    }
    return chosen;
  }

  /**
   * The change from {@code previous} to {@code now} as a narrowing change: everything when the
   * version or whether it is in force changed, the party when one party's standing changed.
   */
  static Optional<NarrowingChange> narrowing(ActiveProtocol previous, ActiveProtocol now) {
    String was = previous.protocol().ref().id() + " " + previous.protocol().ref().version();
    String is = now.protocol().ref().id() + " " + now.protocol().ref().version();
    if (!previous.protocol().ref().equals(now.protocol().ref())) {
      return Optional.of(NarrowingChange.everything("Protocol " + was + " was replaced by " + is));
    }
    if (previous.status().isActive() != now.status().isActive()) {
      return Optional.of(
          NarrowingChange.everything(
              "Protocol "
                  + is
                  + (now.status().isActive() ? " came into force" : " went out of force")));
    }
    Set<OdsCode> changed = new TreeSet<>(java.util.Comparator.comparing(OdsCode::value));
    for (OdsCode party : union(previous.standings().keySet(), now.standings().keySet())) {
      if (!Objects.equals(status(previous, party), status(now, party))) {
        changed.add(party);
      }
    }
    if (changed.isEmpty()) {
      return Optional.empty();
    }
    if (changed.size() > 1) {
      return Optional.of(NarrowingChange.everything("The standings of " + changed + " changed"));
    }
    OdsCode party = changed.iterator().next();
    return Optional.of(
        NarrowingChange.party(
            party,
            party
                + "'s standing under protocol "
                + is
                + " changed to "
                + status(now, party).name().toLowerCase(java.util.Locale.ROOT)));
  }

  private static PartyStanding.Status status(ActiveProtocol active, OdsCode party) {
    return active.standings().getOrDefault(party, PartyStanding.active()).status();
  }

  private static Set<OdsCode> union(Set<OdsCode> a, Set<OdsCode> b) {
    Set<OdsCode> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private ActiveProtocol reload(@org.jspecify.annotations.Nullable ActiveProtocol previous) {
    ActiveProtocol candidate = load(ProtocolReader.read(protocolFile));
    ActiveProtocol chosen = candidate;
    if (previous != null
        && !previous.protocol().ref().equals(candidate.protocol().ref())
        && previous.status().isActive()
        && !candidate.status().isActive()) {
      log.warn(
          "Protocol {} {} in {} is not in force yet; {} {} stays in force",
          candidate.protocol().ref().id(),
          candidate.protocol().ref().version(),
          protocolFile,
          previous.protocol().ref().id(),
          previous.protocol().ref().version());
      chosen = load(previous.protocol());
    }
    current.set(chosen);
    if (previous == null
        || !previous.protocol().ref().equals(chosen.protocol().ref())
        || previous.status().isActive() != chosen.status().isActive()) {
      describe(chosen);
    }
    return chosen;
  }

  private ActiveProtocol load(Protocol protocol) {
    Map<OdsCode, PartyStanding> partyStandings = standings.apply(protocol.ref().sha256());
    ActivationStatus status =
        activation(protocol, protocolFile, partyStandings, clock.instant(), verifiers);
    return ActiveProtocol.of(protocol, status, partyStandings, consents);
  }

  /**
   * Whether {@code protocol}, read from {@code protocolFile}, is in force at {@code at}, judged by
   * the signatures in {@link #SIGNATURES_FILE} beside the file: what the broker enforces and what
   * {@code protocol verify} and {@code protocol explain} report.
   *
   * @param standings each party's standing; a party not in the map is active
   */
  public static ActivationStatus activation(
      Protocol protocol,
      Path protocolFile,
      Map<OdsCode, PartyStanding> standings,
      Instant at,
      Function<byte[], SignatureVerifier> verifiers) {
    return ProtocolActivation.evaluate(
        protocol, signaturesBeside(protocolFile), standings, at, verifiers);
  }

  /** The signatures in {@link #SIGNATURES_FILE} beside {@code protocolFile}; none if absent. */
  public static List<ProtocolSignature> signaturesBeside(Path protocolFile) {
    Path file = protocolFile.resolveSibling(SIGNATURES_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return ProtocolSignatures.read(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private static void describe(ActiveProtocol active) {
    String name = active.protocol().ref().id() + " " + active.protocol().ref().version();
    List<String> parties = new ArrayList<>();
    for (PartySignatureStatus party : active.status().parties()) {
      parties.add(party.party() + " " + party.state() + " " + party.standing());
    }
    if (active.status() instanceof ActivationStatus.Inactive inactive) {
      log.error(
          "Protocol {} is NOT in force, so every disclosure is denied: {} (parties: {})",
          name,
          inactive.reasons().stream().map(Reason::text).toList(),
          parties);
    } else {
      log.info(
          "Protocol {} (sha256 {}) is in force, signed by every party: {}",
          name,
          active.protocol().ref().sha256(),
          parties);
    }
    for (Reason warning : active.status().warnings()) {
      log.warn("Protocol {}: {}", name, warning.text());
    }
  }
}
