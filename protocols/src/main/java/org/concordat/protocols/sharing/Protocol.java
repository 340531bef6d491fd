package org.concordat.protocols.sharing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.concordat.protocols.canonical.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * A sharing protocol as parsed: the jointly agreed rules. Its identity for signatures and ledger
 * entries is {@link #ref()}, whose hash is the SHA-256 of {@link #canonicalBytes()}.
 *
 * <p>Built by {@link ProtocolReader}; the canonical form is that of the document that was read, and
 * the constructor checks that {@code ref().sha256()} is its hash, so the two cannot drift apart.
 *
 * @param supersedes the version of this protocol that this one replaces once it is active
 * @param retention the default retention for flows that do not state their own
 * @param consentReview what happens to a person's consent (a permit) once its review date has
 *     passed: it continues until reviewed, or it lapses; a refusal never lapses
 * @param canonicalJson the RFC 8785 canonical JSON of the protocol document (what parties sign)
 */
public record Protocol(
    ProtocolRef ref,
    String title,
    LocalDate validFrom,
    LocalDate reviewDate,
    @Nullable String supersedes,
    @Nullable Period retention,
    List<Contact> contacts,
    @Nullable String dpiaReference,
    @Nullable String notes,
    List<Party> parties,
    List<Purpose> purposes,
    List<DataCategory> categories,
    List<Flow> flows,
    ConsentReview consentReview,
    String canonicalJson) {
  public Protocol {
    Objects.requireNonNull(consentReview, "consentReview");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(reviewDate, "reviewDate");
    Objects.requireNonNull(canonicalJson, "canonicalJson");
    contacts = List.copyOf(contacts);
    parties = List.copyOf(parties);
    purposes = List.copyOf(purposes);
    categories = List.copyOf(categories);
    flows = List.copyOf(flows);
    if (!sha256(canonicalJson.getBytes(StandardCharsets.UTF_8)).equals(ref.sha256())) {
      throw new IllegalArgumentException(
          "The protocol hash " + ref.sha256() + " is not the SHA-256 of its canonical form");
    }
  }

  /**
   * Partnerships are in England, so valid-from starts at midnight UK time. The zone rules come with
   * the JDK; reading them is not reading a clock.
   */
  public static final ZoneId PARTNERSHIP_ZONE = ZoneId.of("Europe/London");

  /** {@code consent-review}: what a consent past its review date does. */
  public enum ConsentReview {
    /** It stays in force and is listed for review (the default). */
    CONTINUE,
    /** It stops permitting anything until the person renews it. */
    LAPSE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The first instant the protocol applies: midnight UK time on {@link #validFrom()}. */
  public Instant validFromInstant() {
    return validFrom.atStartOfDay(PARTNERSHIP_ZONE).toInstant();
  }

  /** Whether the review date has passed at {@code at} (UK time): a warning, not an end. */
  public boolean reviewOverdueAt(Instant at) {
    return at.atZone(PARTNERSHIP_ZONE).toLocalDate().isAfter(reviewDate);
  }

  /** The RFC 8785 canonical JSON bytes (UTF-8) that are hashed and that every party signs. */
  public byte[] canonicalBytes() {
    return canonicalJson.getBytes(StandardCharsets.UTF_8);
  }

  public Optional<Party> party(OdsCode ods) {
    return parties.stream().filter(p -> p.ods().equals(ods)).findFirst();
  }

  public Optional<Purpose> purpose(PurposeCode code) {
    return purposes.stream().filter(p -> p.code().equals(code)).findFirst();
  }

  /** The purpose whose message events include {@code eventCode}, if exactly one does. */
  public Optional<Purpose> purposeForMessageEvent(String eventCode) {
    List<Purpose> matching =
        purposes.stream().filter(p -> p.messageEvents().contains(eventCode)).toList();
    return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
  }

  public Optional<DataCategory> category(CategoryCode code) {
    return categories.stream().filter(c -> c.code().equals(code)).findFirst();
  }

  /** How long the recipient of {@code flow} keeps what it receives: the flow's or the default. */
  public Optional<Period> retentionOf(Flow flow) {
    return Optional.ofNullable(flow.retention() != null ? flow.retention() : retention);
  }

  static String sha256(byte[] bytes) {
    return Sha256.hexOf(bytes);
  }
}
