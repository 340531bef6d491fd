package org.concordat.protocols.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolDiffTest {
  private static Protocol read(String yaml) {
    return ProtocolReader.read("protocol.yaml", yaml);
  }

  @Test
  void findsNothingBetweenAVersionAndItself() {
    Protocol p = read(ProtocolReaderTest.MINIMAL);
    assertThat(ProtocolDiff.between(p, p)).isEmpty();
  }

  @Test
  void describesChangesInReviewerTerms() {
    Protocol older = read(ProtocolReaderTest.MINIMAL);
    String newerYaml =
        ProtocolReaderTest.MINIMAL
                .replace("version: \"1.0.0\"", "version: \"1.1.0\"")
                .replace("article-9: \"9(2)(h)\", ", "")
                .replace("retention: P8Y", "retention: P10Y")
                .replace(
                    "categories:\n  - code: demographics",
                    """
                  - code: housing-support
                    description: Housing.
                    healthcare: false
                    legal-basis: {article-6: "6(1)(a)"}
                    explicit-consent: required
                categories:
                  - code: contacts
                    description: Phone.
                    local: {social-care-referral-csv: [phone]}
                    responsible: shared
                  - code: demographics""")
                .replace("categories: [demographics]", "categories: [demographics, contacts]")
            + """
          - from: XLA001
            to: RXA
            purpose: housing-support
            categories: [contacts]
        """;
    Protocol newer = read(newerYaml);
    List<String> changes =
        ProtocolDiff.between(older, newer).stream().map(ProtocolChange::describe).toList();
    assertThat(changes)
        .containsExactly(
            "The legal basis of hospital-discharge changed from UK GDPR Art 6(1)(e); Art 9(2)(h);"
                + " Care Act 2014 Schedule 3 to UK GDPR Art 6(1)(e); Care Act 2014 Schedule 3.",
            "Purpose housing-support is added (legal basis: UK GDPR Art 6(1)(a)).",
            "Category contacts is added.",
            "The flow RXA -> XLA001 for hospital-discharge is widened: it now also carries"
                + " contacts.",
            "Retention for the flow RXA -> XLA001 for hospital-discharge changed from P8Y to P10Y.",
            "New flow XLA001 -> RXA for housing-support with categories contacts.");
    List<String> back =
        ProtocolDiff.between(newer, older).stream().map(ProtocolChange::describe).toList();
    assertThat(back)
        .contains(
            "The flow RXA -> XLA001 for hospital-discharge is narrowed: it no longer carries"
                + " contacts.",
            "The flow XLA001 -> RXA for housing-support (contacts) is removed.",
            "Purpose housing-support is removed.");
  }

  @Test
  void reportsConsentAndOptOutChangesAndParties() {
    Protocol example = ProtocolFixture.examplePartnership();
    String changed =
        ProtocolFixture.exampleYaml()
            .replace(
                "    national-data-opt-out: applies\n",
                "    national-data-opt-out: does-not-apply\n")
            .replace(
                "    healthcare: false\n    legal-basis:\n      article-6: \"6(1)(a)\"\n      article-9: \"9(2)(a)\"\n    explicit-consent: required",
                "    healthcare: true\n    legal-basis:\n      article-6: \"6(1)(a)\"\n      article-9: \"9(2)(a)\"\n    explicit-consent: not-required");
    assertThat(ProtocolDiff.between(example, read(changed)))
        .extracting(ProtocolChange::kind)
        .containsExactly(
            ProtocolChange.Kind.PURPOSE_KIND_CHANGED,
            ProtocolChange.Kind.EXPLICIT_CONSENT_CHANGED,
            ProtocolChange.Kind.OPT_OUT_CHANGED);
  }

  @Test
  void reportsAPurposeDeclaredSafeguarding() {
    Protocol older = read(ProtocolReaderTest.MINIMAL);
    Protocol newer =
        read(
            ProtocolReaderTest.MINIMAL.replace(
                "    description: Discharge planning.\n",
                "    description: Discharge planning.\n    kind: safeguarding\n"));

    assertThat(ProtocolDiff.between(older, newer))
        .extracting(ProtocolChange::describe)
        .containsExactly("Purpose hospital-discharge changed kind from care to safeguarding.");
  }
}
