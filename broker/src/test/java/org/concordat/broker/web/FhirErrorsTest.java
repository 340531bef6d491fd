package org.concordat.broker.web;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** An unexpected failure under {@code /fhir}: a 500 OperationOutcome with the correlation id. */
class FhirErrorsTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void answersAnUnexpectedFailureWith500NamingTheRequestsCorrelationIdAndNothingElse()
      throws Exception {
    MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/fhir/Consent");
    MockHttpServletResponse response = new MockHttpServletResponse();
    new RequestIds().doFilter(servlet, response, new MockFilterChain());
    String id = response.getHeader(RequestIds.HEADER);
    ServletRequestDetails request = new ServletRequestDetails();
    request.setServletRequest(servlet);
    request.setRestOperationType(RestOperationTypeEnum.SEARCH_TYPE);
    request.setResourceName("Consent");

    BaseServerResponseException answer =
        new FhirErrors()
            .safe(
                request,
                new IllegalStateException("row for NHS number 9434765919 in table subject_salt"));

    assertThat(answer.getStatusCode()).isEqualTo(500);
    IBaseOperationOutcome outcome = answer.getOperationOutcome();
    String json = FHIR.newJsonParser().encodeResourceToString(outcome);
    assertThat(json).contains("Incident " + id).contains("\"code\":\"exception\"");
    assertThat(json + answer.getMessage())
        .doesNotContain("9434765919")
        .doesNotContain("subject_salt")
        .doesNotContain("IllegalStateException");
  }
}
