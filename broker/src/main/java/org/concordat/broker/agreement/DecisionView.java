package org.concordat.broker.agreement;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.jspecify.annotations.Nullable;

/**
 * A decision as integrators and IG leads read it, the same from the command line ({@code protocol
 * explain}) and over HTTP ({@code POST /api/decisions/explain}).
 *
 * @param consentReferences the consent directives and break-glass grants the decision relied on or
 *     overrode, e.g. {@code Consent/c-81/_history/2} or {@code BreakGlass/7c1e...}
 */
public record DecisionView(
    String outcome,
    ProtocolRef protocol,
    @Nullable FlowView flow,
    List<String> permitted,
    Map<String, Reason> withheld,
    List<Reason> reasons,
    List<String> consentReferences) {

  /** The flow a permit came through. */
  public record FlowView(String from, String to, String purpose, List<String> categories) {}

  public static DecisionView of(Decision decision) {
    if (decision instanceof Decision.Permit permit) {
      Map<String, Reason> withheld = new TreeMap<>();
      permit.withheld().forEach((category, reason) -> withheld.put(category.value(), reason));
      return new DecisionView(
          decision.outcome(),
          decision.protocol(),
          new FlowView(
              permit.flow().from().value(),
              permit.flow().to().value(),
              permit.flow().purpose().value(),
              sorted(permit.flow().categories())),
          sorted(permit.permitted()),
          withheld,
          decision.reasons(),
          decision.consentReferences());
    }
    return new DecisionView(
        decision.outcome(),
        decision.protocol(),
        null,
        List.of(),
        Map.of(),
        decision.reasons(),
        decision.consentReferences());
  }

  private static List<String> sorted(java.util.Collection<CategoryCode> categories) {
    return categories.stream().map(CategoryCode::value).sorted().toList();
  }

  /** The explanation as plain lines for a terminal. */
  public List<String> lines() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(
        outcome.toUpperCase(java.util.Locale.ROOT)
            + " under "
            + protocol.id()
            + " "
            + protocol.version()
            + " (sha256 "
            + protocol.sha256()
            + ")");
    if (flow != null) {
      lines.add(
          "  flow: "
              + flow.from()
              + " -> "
              + flow.to()
              + " for "
              + flow.purpose()
              + " "
              + flow.categories());
      lines.add("  permitted: " + permitted);
    }
    withheld.forEach(
        (category, reason) ->
            lines.add("  withheld " + category + " [" + reason.code() + "]: " + reason.text()));
    for (Reason reason : reasons) {
      lines.add("  [" + reason.code() + "] " + reason.text());
    }
    if (!consentReferences.isEmpty()) {
      lines.add("  consent: " + String.join(", ", consentReferences));
    }
    return lines;
  }
}
