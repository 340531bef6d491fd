package org.concordat.protocols.sharing;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sharing protocol as parsed: the jointly agreed rules. Its identity for signatures and ledger
 * entries is {@link #ref()}, whose hash is over the canonical JSON form.
 */
public record Protocol(
    ProtocolRef ref,
    String title,
    LocalDate validFrom,
    LocalDate reviewDate,
    List<Party> parties,
    List<Purpose> purposes,
    List<DataCategory> categories,
    List<Flow> flows) {
  public Protocol {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(reviewDate, "reviewDate");
    parties = List.copyOf(parties);
    purposes = List.copyOf(purposes);
    categories = List.copyOf(categories);
    flows = List.copyOf(flows);
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
}
