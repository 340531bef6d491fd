package org.concordat.broker.consent;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.concordat.broker.consent.ConsentRegistry.Viewer;
import org.concordat.broker.security.AuthenticatedPartner;
import org.concordat.protocols.sharing.Protocol;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Consent directives beside the FHIR API: {@code GET /api/consent/review-due} lists active
 * directives whose review date has passed (IG), and {@code GET
 * /api/consent/receipts/{id}/{version}} gives the signed receipt of a version again (the partner
 * that recorded it, or IG).
 */
@RestController
@RequestMapping("/api/consent")
class ConsentController {
  private final ConsentRegistry registry;
  private final Clock clock;

  public ConsentController(ConsentRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @GetMapping("/review-due")
  public ResponseEntity<List<ConsentRegistry.ReviewDue>> reviewDue(
      @RequestParam(name = "on", required = false) @Nullable LocalDate on) {
    LocalDate day =
        on != null ? on : clock.instant().atZone(Protocol.PARTNERSHIP_ZONE).toLocalDate();
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(registry.reviewDue(day));
  }

  @GetMapping(value = "/receipts/{id}/{version}", produces = MediaType.TEXT_PLAIN_VALUE)
  public ResponseEntity<String> receipt(@PathVariable String id, @PathVariable int version) {
    Viewer viewer;
    try {
      viewer = new Viewer(AuthenticatedPartner.current().ods());
    } catch (AccessDeniedException notAPartner) {
      viewer = Viewer.GOVERNANCE;
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.TEXT_PLAIN)
        .body(registry.receipt(id, version, viewer));
  }
}
