package org.concordat.broker.witness;

import org.concordat.broker.security.AuthenticatedPartner;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partnership's witnesses over HTTP, beside the ledger they watch: cosignatures and alerts. */
@RestController
@RequestMapping("/api/ledger")
class WitnessController {
  private final WitnessRegistry witnesses;

  WitnessController(WitnessRegistry witnesses) {
    this.witnesses = witnesses;
  }

  /**
   * A partner acting as a witness hands back the checkpoint note with its cosignature line (C2SP
   * tlog-cosignature); the broker stores it if it verifies with that partner's protocol key.
   */
  @PostMapping(value = "/cosignatures", consumes = MediaType.TEXT_PLAIN_VALUE)
  public WitnessRegistry.Accepted cosign(@RequestBody String note) {
    return witnesses.accept(AuthenticatedPartner.current().ods(), note);
  }

  /**
   * A partner's witness reports a checkpoint it refused (fork, rollback, bad signature...): stored,
   * logged as an error and published for every partner's monitor.
   */
  @PostMapping(value = "/witness-alerts", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<WitnessAlert> alert(@RequestBody WitnessRegistry.AlertReport report) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(witnesses.raise(AuthenticatedPartner.current().ods(), report));
  }

  /** The alerts witnesses raised, newest first (IG). */
  @GetMapping(value = "/witness-alerts", produces = MediaType.APPLICATION_JSON_VALUE)
  public java.util.List<WitnessAlertView> alerts() {
    return witnesses.alerts().stream().map(WitnessAlertView::of).toList();
  }

  /** Per partner, the largest checkpoint it has cosigned as a witness. */
  @GetMapping(value = "/witnesses", produces = MediaType.APPLICATION_JSON_VALUE)
  public java.util.List<WitnessRegistry.Progress> witnesses() {
    return witnesses.progress();
  }
}
