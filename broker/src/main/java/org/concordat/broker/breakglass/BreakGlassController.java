package org.concordat.broker.breakglass;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.concordat.broker.security.AuthenticatedPerson;
import org.concordat.broker.web.InvalidRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Break-glass over HTTP. {@code POST /api/break-glass}: a clinician or safeguarding practitioner
 * overrides a person's refusal for their own organisation's disclosures to one recipient for one
 * purpose, for a limited time, with a written reason. {@code GET /api/break-glass?status=open|
 * reviewed}: the IG review queue. {@code POST /api/break-glass/{id}/review}: IG records its
 * finding. {@code POST /api/break-glass/{id}/revoke}: IG, an administrator or the grantee ends the
 * grant at once. The NHS number travels in the body, never in a URL (URLs end up in logs); nothing
 * is cached.
 */
@RestController
@RequestMapping("/api/break-glass")
class BreakGlassController {
  // Role names as SecurityConfiguration grants them; the ledger records them in lower case.
  private static final List<String> BREAK_GLASS_ROLES = List.of("CLINICIAN", "SAFEGUARDING");

  private final BreakGlass breakGlass;

  public BreakGlassController(BreakGlass breakGlass) {
    this.breakGlass = breakGlass;
  }

  /**
   * A grant as asked for.
   *
   * @param duration ISO-8601, e.g. {@code PT4H}
   */
  public record GrantRequest(
      @Nullable String nhsNumber,
      @Nullable String purpose,
      @Nullable String recipient,
      @Nullable String reason,
      @Nullable String duration) {}

  /** A revocation as asked for: why the grant ends early. */
  public record RevokeRequest(@Nullable String reason) {}

  /** A review as asked for: {@code appropriate} or {@code inappropriate}, with a comment. */
  public record ReviewRequest(@Nullable String outcome, @Nullable String comment) {}

  @PostMapping
  public ResponseEntity<BreakGlass.Granted> grant(@RequestBody GrantRequest request) {
    AuthenticatedPerson person = AuthenticatedPerson.current();
    String role =
        BREAK_GLASS_ROLES.stream()
            .filter(person::hasRole)
            .findFirst()
            .orElseThrow(
                () ->
                    new AccessDeniedException(
                        "Only clinicians and safeguarding practitioners may break glass"));
    BreakGlass.Granted granted =
        breakGlass.grant(
            new BreakGlass.Person(
                person.username(), role.toLowerCase(Locale.ROOT), person.organisation()),
            new BreakGlass.GrantRequest(
                request.nhsNumber(),
                request.purpose(),
                request.recipient(),
                request.reason(),
                duration(request.duration())));
    return ResponseEntity.created(URI.create("/api/break-glass/" + granted.id()))
        .cacheControl(CacheControl.noStore())
        .body(granted);
  }

  @GetMapping
  public ResponseEntity<List<BreakGlass.GrantView>> queue(
      @RequestParam(name = "status", defaultValue = "open") String status) {
    BreakGlass.Status wanted =
        switch (status) {
          case "open" -> BreakGlass.Status.OPEN;
          case "reviewed" -> BreakGlass.Status.REVIEWED;
          default ->
              throw new InvalidRequest(
                  "status is open (grants awaiting review, the default) or reviewed");
        };
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(breakGlass.queue(wanted));
  }

  @GetMapping("/{id}")
  public ResponseEntity<BreakGlass.GrantView> show(@PathVariable String id) {
    BreakGlass.GrantView grant =
        breakGlass
            .find(id)
            .orElseThrow(
                () ->
                    new BreakGlassException(
                        BreakGlassException.Kind.NOT_FOUND,
                        List.of(
                            "There is no break-glass grant "
                                + BreakGlass.REFERENCE_PREFIX
                                + id
                                + ".")));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(grant);
  }

  @PostMapping("/{id}/review")
  public ResponseEntity<BreakGlass.GrantView> review(
      @PathVariable String id, @RequestBody ReviewRequest request) {
    BreakGlass.GrantView reviewed =
        breakGlass.review(
            id,
            new BreakGlass.Review(
                AuthenticatedPerson.current().username(), request.outcome(), request.comment()));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(reviewed);
  }

  /**
   * Ends a grant at once. IG leads and administrators may revoke any grant; the person who broke
   * glass may revoke their own.
   */
  @PostMapping("/{id}/revoke")
  public ResponseEntity<BreakGlass.GrantView> revoke(
      @PathVariable String id, @RequestBody RevokeRequest request) {
    AuthenticatedPerson person = AuthenticatedPerson.current();
    boolean governance = person.hasRole("IG") || person.hasRole("ADMIN");
    String role =
        Stream.concat(Stream.of("IG", "ADMIN"), BREAK_GLASS_ROLES.stream())
            .filter(person::hasRole)
            .findFirst()
            .orElseThrow(
                () ->
                    new AccessDeniedException(
                        "Only IG, administrators and the person who broke glass may revoke"));
    BreakGlass.GrantView revoked =
        breakGlass.revoke(
            id,
            new BreakGlass.Revoker(person.username(), role.toLowerCase(Locale.ROOT), governance),
            request.reason());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(revoked);
  }

  private static @Nullable Duration duration(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Duration.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequest("duration is not an ISO-8601 duration such as PT4H or PT30M");
    }
  }
}
