package org.concordat.broker.agreement;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.broker.web.ClientInput;
import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Requester;
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
 * integrators and IG leads. Nothing is disclosed and nothing is recorded in the ledger. With an NHS
 * number (in the body, never in a URL) the decision uses that person's consent directives, opt-out
 * and break-glass grants as a real disclosure would; without one, as for a person of whom nothing
 * is recorded.
 */
@RestController
@RequestMapping("/api/decisions")
class DecisionController {
  private final Supplier<ActiveProtocol> protocol;
  private final SubjectDirectory subjects;
  private final Clock clock;

  public DecisionController(ProtocolRegistry protocol, SubjectDirectory subjects, Clock clock) {
    this.protocol = protocol;
    this.subjects = subjects;
    this.clock = clock;
  }

  /**
   * What to decide.
   *
   * @param categories the requested categories; empty or absent means every category
   * @param at decision time; absent means now
   * @param nhsNumber the person the decision is about; absent means a person with no consent,
   *     opt-out or break-glass grant on record
   */
  public record ExplainRequest(
      String from,
      String to,
      String purpose,
      @Nullable List<String> categories,
      @Nullable Instant at,
      @Nullable String nhsNumber) {}

  @PostMapping("/explain")
  public DecisionView explain(@RequestBody ExplainRequest request) {
    if (request.from() == null || request.to() == null || request.purpose() == null) {
      throw new InvalidRequest("from, to and purpose are required");
    }
    Set<CategoryCode> requested = new LinkedHashSet<>();
    if (request.categories() == null || request.categories().isEmpty()) {
      protocol.get().protocol().categories().forEach(c -> requested.add(c.code()));
    } else {
      request.categories().forEach(c -> requested.add(ClientInput.category(c, "categories")));
    }
    OdsCode from = ClientInput.ods(request.from(), "from");
    OdsCode to = ClientInput.ods(request.to(), "to");
    PurposeCode purpose = ClientInput.purpose(request.purpose(), "purpose");
    // The lookup key, as the pipeline asks the consent cache; an invalid number is a 400 whose
    // message describes the fault, never the number.
    String subjectKey =
        request.nhsNumber() == null
            ? null
            : subjects.lookupKey(ClientInput.nhsNumber(request.nhsNumber())).value();
    return DecisionView.of(
        protocol
            .get()
            .decide(
                new DecisionRequest(
                    from,
                    to,
                    purpose,
                    requested,
                    request.at() == null ? clock.instant() : request.at(),
                    new Requester.PartnerSystem(from),
                    subjectKey)));
  }
}
