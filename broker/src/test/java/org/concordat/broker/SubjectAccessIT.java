package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.concordat.protocols.ledger.InclusionProof;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.MerkleHash;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.TreeSize;
import org.junit.jupiter.api.Test;

/** "Who saw my record?": every entry about one person, each provably in the signed log. */
class SubjectAccessIT extends BrokerITSupport {
  private static final String NHS_NUMBER = "9990000018";

  @Test
  void listsEveryEntryAboutThePersonWithProofsAgainstTheSignedCheckpoint() throws Exception {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));
    awaitCheckpointCoveringLedger();

    HttpResponse<String> response = subjectAccess("ig-lead", "999 000 0018");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode report = json(response.body());
    String subjectKey = expectedSubjectHash(NHS_NUMBER);
    assertThat(report.path("subjectKey").asText()).isEqualTo(subjectKey);
    long expected =
        jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE subject_hash = ?")
            .param(subjectKey)
            .query(Long.class)
            .single();
    assertThat(report.path("entries")).hasSize((int) expected);
    assertThat(expected).isGreaterThanOrEqualTo(2);

    String[] checkpoint = report.path("checkpoint").asText().split("\n");
    long checkpointSize = Long.parseLong(checkpoint[1]);
    byte[] root = Base64.getDecoder().decode(checkpoint[2]);
    int proven = 0;
    for (JsonNode item : report.path("entries")) {
      assertThat(item.path("entry").asText()).contains("\"subject\":\"" + subjectKey + "\"");
      if (item.path("index").asLong() < checkpointSize) {
        List<byte[]> hashes = new ArrayList<>();
        item.path("inclusionProof")
            .forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        MerkleProofs.verifyInclusion(
            MerkleHash.leafHash(item.path("entry").asText().getBytes(StandardCharsets.UTF_8)),
            new InclusionProof(
                LeafIndex.of(item.path("index").asLong()), TreeSize.of(checkpointSize), hashes),
            root);
        proven++;
      }
    }
    assertThat(proven).isGreaterThanOrEqualTo(2);
  }

  @Test
  void saysSoWhenNothingIsRecordedAboutThePerson() {
    HttpResponse<String> response = subjectAccess("ig-lead", "9990000069");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response.body()).path("detail").asText()).contains("Nothing is recorded");
  }

  @Test
  void refusesAnInvalidNhsNumberWithAProblemDetail() {
    HttpResponse<String> response = subjectAccess("ig-lead", "9990000019");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("modulus 11");
  }

  @Test
  void isNotOpenToPartnerSystems() {
    assertThat(subjectAccess("rxa", NHS_NUMBER).statusCode()).isEqualTo(403);
  }

  private HttpResponse<String> subjectAccess(String user, String nhsNumber) {
    return post(
        "/api/subject-access",
        user,
        "demo-only-" + user,
        "application/json",
        ("{\"nhsNumber\":\"" + nhsNumber + "\"}").getBytes(StandardCharsets.UTF_8));
  }
}
