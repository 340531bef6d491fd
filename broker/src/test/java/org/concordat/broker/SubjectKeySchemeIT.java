package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new database gets the HKDF_V2 scheme: its two keyed hashes differ from LEGACY's. */
class SubjectKeySchemeIT extends BrokerITSupport {
  private static final String NHS_NUMBER = "9990000018";

  @Test
  void aNewDatabaseKeysSubjectAndLookupKeysWithTheirOwnDerivedKeys() throws IOException {
    JsonNode outcome =
        json(postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json")).body());
    List<JsonNode> entries = ledgerEntriesFor(outcome.path("id").asText());
    assertThat(entries).isNotEmpty();

    assertThat(
            jdbc.sql("SELECT scheme FROM subject_key_scheme WHERE id = 1")
                .query(String.class)
                .single())
        .isEqualTo("hkdf-v2");
    byte[] secret =
        Base64.getDecoder()
            .decode(Files.readString(DATA.resolve("keys").resolve("subject-hash.secret")).strip());
    byte[] digits = NHS_NUMBER.getBytes(StandardCharsets.US_ASCII);
    String legacyLookup = HexFormat.of().formatHex(hmac(secret, digits));
    String v2Lookup =
        HexFormat.of().formatHex(hmac(hkdfSha256(secret, "concordat lookup-key v2"), digits));
    byte[] salt =
        jdbc.sql("SELECT salt FROM subject_salt WHERE lookup_key = ?")
            .param(v2Lookup)
            .query((rs, row) -> rs.getBytes(1))
            .single();
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM subject_salt WHERE lookup_key = ?")
                .param(legacyLookup)
                .query(Long.class)
                .single())
        .isZero();

    byte[] input = new byte[salt.length + digits.length];
    System.arraycopy(salt, 0, input, 0, salt.length);
    System.arraycopy(digits, 0, input, salt.length, digits.length);
    String legacySubject = HexFormat.of().formatHex(hmac(secret, input));
    String v2Subject =
        HexFormat.of().formatHex(hmac(hkdfSha256(secret, "concordat subject-key v2"), input));
    String recorded = entries.get(0).path("body").path("subject").asText();
    assertThat(recorded).isEqualTo(v2Subject).isNotEqualTo(legacySubject);
    assertThat(v2Lookup).isNotEqualTo(legacyLookup).isNotEqualTo(v2Subject);
  }
}
