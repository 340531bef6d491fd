package org.concordat.protocols.sharing;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Small protocols for tests, written as YAML and read by the reader so that their hash and
 * canonical form are real. Parties RXA, XLA001 and XVO001 sign with {@link TestSigningKey}.
 */
public final class TestProtocols {
  private TestProtocols() {}

  public static final String PURPOSES =
      """
        - code: hospital-discharge
          description: Discharge.
          healthcare: true
          legal-basis:
            article-6: "6(1)(e)"
            article-9: "9(2)(h)"
            statutory-power: Care Act 2014 Schedule 3
          explicit-consent: not-required
        - code: housing-support
          description: Housing.
          healthcare: false
          legal-basis: {article-6: "6(1)(a)", article-9: "9(2)(a)"}
          explicit-consent: required
        - code: safeguarding
          description: Safeguarding enquiries.
          kind: safeguarding
          healthcare: true
          legal-basis: {article-6: "6(1)(e)", article-9: "9(2)(g)", statutory-power: Care Act 2014 s42}
          explicit-consent: not-required
          consent-override:
            may-proceed-despite-refusal: true
            justification: A section 42 enquiry goes ahead where an adult is at risk.
        - code: pooled-budget-reporting
          description: Reporting.
          healthcare: true
          secondary-use: true
          legal-basis: {article-6: "6(1)(e)", article-9: "9(2)(h)", statutory-power: NHS Act 2006 s75}
          explicit-consent: not-required
          national-data-opt-out: applies
      """;

  /** The YAML of a test protocol with these flows. */
  public static String yaml(List<Flow> flows) {
    StringBuilder out =
        new StringBuilder(
            """
            id: northmoor-integrated-care
            version: "1.0.0"
            title: Test partnership (fictional)
            valid-from: 2026-01-01
            review-date: 2027-06-30
            retention: P8Y
            parties:
            """);
    for (String ods : List.of("RXA", "XLA001", "XVO001")) {
      out.append("  - ods: ")
          .append(ods)
          .append("\n    name: ")
          .append(ods)
          .append(" (fictional)\n    kind: other\n    role: partner\n    signing-keys: [\"")
          .append(TestSigningKey.of(ods).verifierKey().text())
          .append("\"]\n");
    }
    out.append("purposes:\n").append(PURPOSES);
    out.append("categories:\n");
    for (String category : List.of("demographics", "encounter", "contacts")) {
      out.append("  - code: ")
          .append(category)
          .append("\n    description: ")
          .append(category)
          .append("\n    local: {test-csv: [")
          .append(category.replace('-', '_'))
          .append("]}\n    responsible: shared\n");
    }
    out.append("flows:").append(flows.isEmpty() ? " []\n" : "\n");
    for (Flow flow : flows) {
      out.append("  - from: ")
          .append(flow.from())
          .append("\n    to: ")
          .append(flow.to())
          .append("\n    purpose: ")
          .append(flow.purpose())
          .append("\n    categories: [")
          .append(
              new TreeSet<>(flow.categories())
                  .stream().map(CategoryCode::value).collect(Collectors.joining(", ")))
          .append("]\n");
      if (flow.retention() != null) {
        out.append("    retention: ").append(flow.retention()).append('\n');
      }
      if (!flow.conditions().isEmpty()) {
        out.append("    conditions: [").append(String.join(", ", flow.conditions())).append("]\n");
      }
    }
    return out.toString();
  }

  public static Protocol protocol(List<Flow> flows) {
    return ProtocolReader.read("protocol.yaml", yaml(flows));
  }
}
