package org.concordat.broker.agreement;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.concordat.broker.security.AuthenticatedPartner;
import org.concordat.broker.web.ClientInput;
import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.agreement.ActivationStatus;
import org.concordat.protocols.agreement.PartySignatureStatus;
import org.concordat.protocols.agreement.RejoinSignature;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.ProtocolRef;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protocol in force, for IG leads ({@code GET /api/protocol}: who signed, active or not, why),
 * a party's standing ({@code PUT /api/protocol/parties/{ods}/standing}, administrators), and a
 * withdrawn party's new signature ({@code POST /api/protocol/signatures}, the party's own system or
 * an administrator).
 */
@RestController
@RequestMapping("/api/protocol")
class ProtocolController {
  private final ProtocolRegistry registry;
  private final ProtocolAdministration administration;

  public ProtocolController(ProtocolRegistry registry, ProtocolAdministration administration) {
    this.registry = registry;
    this.administration = administration;
  }

  /** The protocol in force and how each party stands. */
  public record ProtocolStatusView(
      ProtocolRef protocol,
      String title,
      boolean inForce,
      List<Reason> reasons,
      List<Reason> warnings,
      List<PartyView> parties) {}

  /** One party: its signature and its standing. */
  public record PartyView(String ods, String signature, String standing, String detail) {}

  /** A change of standing: {@code suspended}, {@code withdrawn} or {@code active}. */
  public record StandingRequest(String standing, String reason) {}

  /**
   * A withdrawn party's rejoin signature, as {@code protocol sign --rejoin-after <index>} prints
   * it.
   *
   * @param withdrawalIndex the ledger index of the party's {@code protocol-withdrawn} entry
   */
  public record RejoinRequest(
      @Nullable String party,
      @Nullable String key,
      @JsonProperty("protocol-sha256") @Nullable String protocolSha256,
      @JsonProperty("withdrawal-index") @Nullable Long withdrawalIndex,
      @Nullable String signature) {}

  /** The answer to a change of standing. */
  public record StandingView(long ledgerIndex, ProtocolStatusView protocol) {}

  @GetMapping
  public ProtocolStatusView status() {
    return view(registry.get());
  }

  @PutMapping("/parties/{ods}/standing")
  public StandingView changeStanding(
      @PathVariable String ods, @RequestBody StandingRequest request, Principal principal) {
    if (request.standing() == null) {
      throw new InvalidRequest("standing is required: suspended, withdrawn or active");
    }
    PartyStanding.Status status =
        switch (request.standing().toLowerCase(Locale.ROOT)) {
          case "suspended" -> PartyStanding.Status.SUSPENDED;
          case "withdrawn" -> PartyStanding.Status.WITHDRAWN;
          case "active" -> PartyStanding.Status.ACTIVE;
          default -> throw new InvalidRequest("standing must be suspended, withdrawn or active");
        };
    ProtocolAdministration.StandingChanged changed =
        administration.changeStanding(
            ClientInput.ods(ods, "the party in the path"),
            status,
            request.reason(),
            new Actor(principal.getName(), role(principal)));
    return new StandingView(changed.ledgerIndex(), view(changed.protocol()));
  }

  /**
   * A party that withdrew rejoins the protocol in force by submitting its new signature (its own
   * system, or an administrator on its behalf); verified against the party's signing keys in the
   * protocol and recorded as a {@code protocol-signed} entry.
   */
  @PostMapping("/signatures")
  public StandingView rejoin(@RequestBody RejoinRequest request, Principal principal) {
    List<String> missing = new java.util.ArrayList<>();
    if (request.party() == null) {
      missing.add("party");
    }
    if (request.key() == null) {
      missing.add("key");
    }
    if (request.protocolSha256() == null) {
      missing.add("protocol-sha256");
    }
    if (request.withdrawalIndex() == null) {
      missing.add("withdrawal-index");
    }
    if (request.signature() == null) {
      missing.add("signature");
    }
    if (!missing.isEmpty()) {
      throw new InvalidRequest(
          "A rejoin signature has party, key, protocol-sha256, withdrawal-index and signature"
              + " (as protocol sign --rejoin-after prints it); missing: "
              + String.join(", ", missing));
    }
    // Each is present: a missing one was refused just above.
    RejoinSignature signature =
        new RejoinSignature(
            ClientInput.ods(request.party(), "party"),
            ClientInput.verifierKey(request.key()),
            Objects.requireNonNull(request.protocolSha256(), "protocol-sha256"),
            Objects.requireNonNull(request.withdrawalIndex(), "withdrawal-index"),
            Objects.requireNonNull(request.signature(), "signature"));
    boolean partner = role(principal).equals("PARTNER");
    ProtocolAdministration.StandingChanged changed =
        administration.rejoin(
            signature,
            new Actor(principal.getName(), role(principal)),
            partner ? AuthenticatedPartner.current().ods() : null);
    return new StandingView(changed.ledgerIndex(), view(changed.protocol()));
  }

  private static String role(Principal principal) {
    if (principal instanceof Authentication authentication) {
      return authentication.getAuthorities().stream()
          .map(a -> String.valueOf(a.getAuthority()).replaceFirst("^ROLE_", ""))
          .sorted()
          .findFirst()
          .orElse("unknown");
    }
    return "unknown";
  }

  private static ProtocolStatusView view(ActiveProtocol active) {
    ActivationStatus status = active.status();
    List<Reason> reasons =
        status instanceof ActivationStatus.Inactive inactive ? inactive.reasons() : List.of();
    List<PartyView> parties =
        status.parties().stream()
            .map(
                (PartySignatureStatus p) ->
                    new PartyView(
                        p.party().value(),
                        p.state().name().toLowerCase(Locale.ROOT),
                        p.standing().name().toLowerCase(Locale.ROOT),
                        p.detail()))
            .toList();
    return new ProtocolStatusView(
        active.protocol().ref(),
        active.protocol().title(),
        status.isActive(),
        reasons,
        status.warnings(),
        parties);
  }
}
