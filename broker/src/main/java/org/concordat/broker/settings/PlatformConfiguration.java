package org.concordat.broker.settings;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.security.SecureRandom;
import java.time.Clock;
import org.concordat.adapters.fhir.FhirMessages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every feature shares: the clock, randomness and the one FHIR R4 context. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  @Bean
  FhirMessages fhirMessages() {
    return new FhirMessages();
  }

  /**
   * The shared R4 context. Its default parser error handler logs what it finds odd, quoting the
   * value (a surname in an unexpected place, say); HAPI parses Consent bodies with it, so it is
   * told not to log: problems are answered, never written to the log.
   */
  @Bean
  FhirContext fhirContext(FhirMessages messages) {
    FhirContext context = messages.context();
    context.setParserErrorHandler(new LenientErrorHandler(false));
    return context;
  }
}
