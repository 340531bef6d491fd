package org.concordat.broker.web;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.concordat.adapters.fhir.BodyScreen;
import org.concordat.broker.security.HttpEdgeProperties;
import org.concordat.broker.settings.ConcordatProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/** The FHIR servlet at {@code /fhir}, serving the providers the features offer. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  @Bean
  ServletRegistrationBean<FhirServlet> fhirServlet(
      FhirContext fhir,
      List<FhirProvider> providers,
      ConcordatProperties properties,
      HttpEdgeProperties edge,
      ObjectProvider<BuildProperties> build,
      Environment environment) {
    FhirServlet servlet =
        new FhirServlet(
            fhir,
            List.copyOf(providers),
            new BodyScreen(consentLimits(properties)),
            version(build),
            () -> publicBaseUrl(edge, environment));
    ServletRegistrationBean<FhirServlet> registration =
        new ServletRegistrationBean<>(servlet, "/fhir/*");
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * Every request's id ({@code X-Request-ID}), first of all filters, so even a refusal by the
   * security chain carries it.
   */
  @Bean
  FilterRegistrationBean<RequestIds> requestIds() {
    FilterRegistrationBean<RequestIds> registration =
        new FilterRegistrationBean<>(new RequestIds());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.addUrlPatterns("/*");
    return registration;
  }

  /** The configured public base URL, or {@code http://localhost:<port>} (the embedded default). */
  static String publicBaseUrl(HttpEdgeProperties edge, Environment environment) {
    String configured = edge.publicBaseUrl();
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    return "http://localhost:"
        + environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
  }

  /**
   * Concordat's own version: from the build (build-info), else the jar manifest, else {@code
   * development} (running from an IDE).
   */
  static String version(ObjectProvider<BuildProperties> build) {
    BuildProperties info = build.getIfAvailable();
    if (info != null && info.getVersion() != null) {
      return info.getVersion();
    }
    String manifest = WebConfiguration.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : "development";
  }

  /**
   * The screen of a Consent sent to {@code /fhir}: the usual text limit, and the stricter shape
   * limits of {@code concordat.consent.limits} (UK Core validation costs grow faster than the
   * body).
   */
  static BodyScreen.Limits consentLimits(ConcordatProperties properties) {
    ConcordatProperties.Limits limits =
        java.util.Objects.requireNonNull(
            java.util.Objects.requireNonNull(properties.consent()).limits());
    return new BodyScreen.Limits(
        BodyScreen.Limits.DEFAULT.maxTextChars(),
        java.util.Objects.requireNonNull(limits.maxRepeats()),
        java.util.Objects.requireNonNull(limits.maxDepth()),
        java.util.Objects.requireNonNull(limits.maxElements()));
  }
}
