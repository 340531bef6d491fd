package org.concordat.broker.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.adapters.fhir.validation.ElementLimits;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses a Consent create or update over the element limits (nesting, repeats, total) with 422
 * before HAPI parses the body into objects or the registry validates it, so a body built to be slow
 * costs a streaming pass, not minutes of a core. The message names the element and the limit, never
 * a value.
 */
@Interceptor
public final class ConsentBodyLimits {
  private final ElementLimits limits;

  public ConsentBodyLimits(ElementLimits limits) {
    this.limits = limits;
  }

  /** Runs after HAPI has chosen the operation and before it reads the resource. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean check(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if ("Consent".equals(request.getResourceName())
        && (operation == RestOperationTypeEnum.CREATE
            || operation == RestOperationTypeEnum.UPDATE)) {
      try {
        limits.check("Consent", request.loadRequestContents());
      } catch (ElementLimits.ExceededException e) {
        UnprocessableEntityException refused = new UnprocessableEntityException(e.getMessage());
        refused.setOperationOutcome(OperationOutcomes.error(IssueType.TOOCOSTLY, e.getMessage()));
        throw refused;
      }
    }
    return true;
  }
}
