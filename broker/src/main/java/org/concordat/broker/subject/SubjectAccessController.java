package org.concordat.broker.subject;

import org.concordat.broker.web.ClientInput;
import org.concordat.broker.web.InvalidRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/subject-access}: every disclosure about one person, with proofs, for an IG lead
 * answering a subject access request. The NHS number travels in the body, never in a URL (URLs end
 * up in logs).
 */
@RestController
@RequestMapping("/api/subject-access")
class SubjectAccessController {
  private final SubjectAccess access;

  public SubjectAccessController(SubjectAccess access) {
    this.access = access;
  }

  /** Whose record. */
  public record SubjectAccessRequest(String nhsNumber) {}

  @PostMapping
  public ResponseEntity<SubjectAccess.Report> report(@RequestBody SubjectAccessRequest request) {
    if (request.nhsNumber() == null) {
      throw new InvalidRequest("nhsNumber is required");
    }
    SubjectAccess.Report report =
        access
            .report(ClientInput.nhsNumber(request.nhsNumber()))
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "Nothing is recorded in the ledger about this NHS number"));
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(report);
  }
}
