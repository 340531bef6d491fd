package org.concordat.broker.mapping;

import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingLimits;
import org.concordat.broker.settings.ConcordatProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mappings as configuration: the mappings in {@code config/mappings} and the engine that runs them.
 */
@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

  @Bean
  MappingCatalogue mappingCatalogue(ConcordatProperties properties) {
    return new MappingCatalogue(properties.configPath().resolve("mappings"));
  }

  @Bean
  MappingEngine mappingEngine(FhirMessages fhir) {
    return new MappingEngine(fhir, MappingLimits.DEFAULT);
  }

  @Bean
  MappingSamples mappingSamples(AdtNotices adtNotices) {
    return new MappingSamples(adtNotices);
  }
}
