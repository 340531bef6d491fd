package org.concordat.broker.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;

/**
 * The partners this broker serves: their accounts and how each receives records. Built once from
 * configuration; an unknown delivery format is a start-up error, not a surprise at delivery time.
 */
public final class PartnerDirectory {
  private final Map<OdsCode, Partner> accounts = new HashMap<>();
  private final Map<OdsCode, DeliveryFormat> formats = new HashMap<>();

  public PartnerDirectory(List<Partner> accounts, List<DeliveryFormat> knownFormats) {
    Map<String, DeliveryFormat> byName = new HashMap<>();
    for (DeliveryFormat format : knownFormats) {
      byName.put(format.name(), format);
    }
    for (Partner account : accounts) {
      OdsCode ods = account.ods();
      if (this.accounts.put(ods, account) != null) {
        throw new IllegalArgumentException("Partner " + ods + " is configured twice");
      }
      String formatName = account.deliveryFormat();
      if (formatName != null) {
        DeliveryFormat format = byName.get(formatName);
        if (format == null) {
          throw new IllegalArgumentException(
              "Partner "
                  + ods
                  + " names delivery format '"
                  + formatName
                  + "', which is not one of "
                  + byName.keySet());
        }
        formats.put(ods, format);
      }
    }
  }

  public Optional<Partner> account(OdsCode ods) {
    return Optional.ofNullable(accounts.get(ods));
  }

  public Optional<DeliveryFormat> deliveryFormat(OdsCode ods) {
    return Optional.ofNullable(formats.get(ods));
  }

  public List<OdsCode> partners() {
    return accounts.keySet().stream().sorted().toList();
  }

  /**
   * A partner this broker serves.
   *
   * @param deliveryFormat the name of the format records are translated into for it, or null if it
   *     only sends
   */
  public record Partner(OdsCode ods, @Nullable String deliveryFormat) {}
}
