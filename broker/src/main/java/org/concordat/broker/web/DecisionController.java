package org.concordat.broker.web;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.concordat.broker.pipeline.ActiveProtocol;
import org.concordat.broker.pipeline.DecisionView;
import org.concordat.broker.pipeline.ProtocolRegistry;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/decisions/explain}: a dry-run decision under the enforced protocol, for
 * integrators and IG leads. Nothing is disclosed and nothing is recorded in the ledger.
 */
@RestController
@RequestMapping("/api/decisions")
public class DecisionController {
  private final Supplier<ActiveProtocol> protocol;
  private final Clock clock;

  public DecisionController(ProtocolRegistry protocol, Clock clock) {
    this.protocol = protocol;
    this.clock = clock;
  }

  /**
   * What to decide.
   *
   * @param categories the requested categories; empty or absent means every category
   * @param at decision time; absent means now
   */
  public record ExplainRequest(
      String from,
      String to,
      String purpose,
      @Nullable List<String> categories,
      @Nullable Instant at) {}

  @PostMapping("/explain")
  public DecisionView explain(@RequestBody ExplainRequest request) {
    if (request.from() == null || request.to() == null || request.purpose() == null) {
      throw new IllegalArgumentException("from, to and purpose are required");
    }
    Set<CategoryCode> requested = new LinkedHashSet<>();
    if (request.categories() == null || request.categories().isEmpty()) {
      protocol.get().protocol().categories().forEach(c -> requested.add(c.code()));
    } else {
      request.categories().forEach(c -> requested.add(CategoryCode.of(c)));
    }
    return DecisionView.of(
        protocol
            .get()
            .decide(
                new DecisionRequest(
                    OdsCode.of(request.from()),
                    OdsCode.of(request.to()),
                    PurposeCode.of(request.purpose()),
                    requested,
                    request.at() == null ? clock.instant() : request.at())));
  }
}
