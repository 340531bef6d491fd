package org.concordat.broker.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;

/**
 * The HAPI plain server at {@code /fhir}. It shares the broker's single {@link FhirContext}; errors
 * leave it as OperationOutcomes.
 */
public class FhirServlet extends RestfulServer {
  private static final long serialVersionUID = 1L;

  public FhirServlet(FhirContext fhir, List<Object> plainProviders) {
    super(fhir);
    setServerName("Concordat");
    setDefaultPrettyPrint(true);
    registerProviders(plainProviders);
  }
}
