package org.concordat.broker.disclosure;

import java.time.Clock;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.hl7v2.AdtAcknowledgements;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.transport.mllp.Hl7v2RouteTemplates;
import org.concordat.broker.settings.ConcordatProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HL7 v2 ADT from hospital systems: the converter to ADW notices, the acknowledgements, the
 * receiver the routes call and the route templates ({@code config/routes/hl7v2.camel.yaml}
 * instantiates them). The MLLP listeners start only when {@code concordat.hl7v2.mllp.enabled} is
 * true; the {@code .hl7} file drop is always on, like the FHIR one.
 */
@Configuration(proxyBeanMethods = false)
class Hl7v2Configuration {

  @Bean
  AdtNotices adtNotices(Hl7v2Properties hl7v2, FhirMessages fhir, ConcordatProperties properties) {
    return new AdtNotices(
        hl7v2.adtSenders(), fhir, Math.toIntExact(properties.inbound().maxBytes().toBytes()));
  }

  @Bean
  AdtAcknowledgements adtAcknowledgements() {
    return new AdtAcknowledgements();
  }

  @Bean
  Hl7v2Receiver hl7v2Receiver(
      AdtNotices notices,
      AdtAcknowledgements acknowledgements,
      DisclosurePipeline pipeline,
      FileDropReceiver files,
      Clock clock) {
    return new Hl7v2Receiver(notices, acknowledgements, pipeline, files, clock);
  }

  /**
   * camel-mllp logs message content ("PHI") with its errors by default; personal data never goes to
   * Concordat's logs.
   */
  @Bean
  ComponentCustomizer mllpWithoutPersonalDataInLogs() {
    return ComponentCustomizer.forType(MllpComponent.class, mllp -> mllp.setLogPhi(false));
  }

  @Bean
  Hl7v2RouteTemplates hl7v2RouteTemplates() {
    return new Hl7v2RouteTemplates();
  }
}
