package org.concordat.broker.agreement;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Parties' standings under each protocol version (absent = active). */
@Repository
class PartyStandingRepository {
  private final JdbcClient jdbc;

  public PartyStandingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Map<OdsCode, PartyStanding> standings(String protocolSha256) {
    Map<OdsCode, PartyStanding> standings = new HashMap<>();
    jdbc.sql(
            "SELECT party_ods, standing, since, reason FROM party_standing"
                + " WHERE protocol_sha256 = ?")
        .param(protocolSha256)
        .query(
            (rs, row) -> {
              OdsCode party = OdsCode.of(rs.getString(1));
              Instant since = rs.getObject(3, OffsetDateTime.class).toInstant();
              String reason = rs.getString(4);
              PartyStanding standing =
                  switch (PartyStanding.Status.valueOf(rs.getString(2))) {
                    case ACTIVE -> PartyStanding.active();
                    case SUSPENDED -> PartyStanding.suspended(since, reason);
                    case WITHDRAWN -> PartyStanding.withdrawn(since, reason);
                  };
              standings.put(party, standing);
              return party;
            })
        .list();
    return standings;
  }

  /** The ledger index of the entry that set the party's current standing, if one did. */
  public java.util.Optional<Long> ledgerIndex(String protocolSha256, OdsCode party) {
    return jdbc.sql(
            "SELECT ledger_index FROM party_standing WHERE protocol_sha256 = ? AND party_ods = ?")
        .params(protocolSha256, party.value())
        .query(Long.class)
        .optional();
  }

  /** Sets a party's standing; must run in the transaction that appends its ledger entry. */
  public void save(
      String protocolSha256,
      OdsCode party,
      PartyStanding.Status standing,
      Instant since,
      String reason,
      String actor,
      long ledgerIndex) {
    int updated =
        jdbc.sql(
                "UPDATE party_standing SET standing = ?, since = ?, reason = ?, actor = ?,"
                    + " ledger_index = ? WHERE protocol_sha256 = ? AND party_ods = ?")
            .params(
                standing.name(),
                OffsetDateTime.ofInstant(since, ZoneOffset.UTC),
                reason,
                actor,
                ledgerIndex,
                protocolSha256,
                party.value())
            .update();
    if (updated == 0) {
      jdbc.sql(
              "INSERT INTO party_standing (protocol_sha256, party_ods, standing, since, reason,"
                  + " actor, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .params(
              protocolSha256,
              party.value(),
              standing.name(),
              OffsetDateTime.ofInstant(since, ZoneOffset.UTC),
              reason,
              actor,
              ledgerIndex)
          .update();
    }
  }
}
