package org.concordat.broker.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.broker.settings.ConcordatProperties.PartnerAccount;
import org.concordat.broker.settings.ConcordatProperties.PersonAccount;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may reach what. Everything needs authentication except {@code /actuator/health} and the FHIR
 * CapabilityStatement ({@code /fhir/metadata}). Under {@code /fhir} only the interactions the
 * server offers are listed, everything else is refused, and the FHIR server authorises each
 * interaction again where it is served. Malformed paths are refused first ({@link PathFirewall});
 * failed sign-ins are logged and throttled ({@link SignInThrottle}); {@code /api} bodies are
 * bounded ({@link BodyLimitFilter}). Partner systems (role PARTNER, with their ODS code as an
 * authority) use the FHIR endpoint; people need a role: IG for the ledger and IG views, ADMIN for
 * operations and metrics.
 *
 * <p>This first scheme is HTTP Basic against accounts in configuration (password hashes only).
 * Production replaces the partner side with mutual TLS or signed-JWT client authentication; both
 * produce the same authorities, so nothing behind this class changes.
 */
@Configuration
class SecurityConfiguration {
  public static final String PARTNER = "PARTNER";
  public static final String IG = "IG";
  public static final String ADMIN = "ADMIN";

  /** A clinician who may break glass for their organisation's disclosures. */
  public static final String CLINICIAN = "CLINICIAN";

  /** A safeguarding practitioner who may break glass for their organisation's disclosures. */
  public static final String SAFEGUARDING = "SAFEGUARDING";

  /** Authority prefix carrying the organisation a person works for, e.g. {@code ORG_RXA}. */
  public static final String ORGANISATION_AUTHORITY_PREFIX =
      AuthenticatedPerson.ORGANISATION_AUTHORITY_PREFIX;

  private static final RefusalResponses REFUSALS = new RefusalResponses();

  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, SignInThrottle throttle)
      throws Exception {
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // FHIR: only what the server offers is listed; anything else under /fhir is
                    // refused here, and each interaction is authorised again inside the FHIR
                    // server (FhirAccess), where the resource is served.
                    .requestMatchers(HttpMethod.GET, "/fhir/metadata")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/fhir/$process-message")
                    .hasRole(PARTNER)
                    .requestMatchers(HttpMethod.GET, "/fhir/AuditEvent")
                    .hasAnyRole(IG, ADMIN)
                    .requestMatchers(HttpMethod.POST, "/fhir/AuditEvent/_search")
                    .hasAnyRole(IG, ADMIN)
                    .requestMatchers(
                        HttpMethod.GET,
                        "/fhir/Consent",
                        "/fhir/Consent/*",
                        "/fhir/Consent/*/_history",
                        "/fhir/Consent/*/_history/*")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers(HttpMethod.POST, "/fhir/Consent/_search")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers(HttpMethod.POST, "/fhir/Consent")
                    .hasRole(PARTNER)
                    .requestMatchers(HttpMethod.PUT, "/fhir/Consent/*")
                    .hasRole(PARTNER)
                    // answered 405: directives are never deleted
                    .requestMatchers(HttpMethod.DELETE, "/fhir/Consent/*")
                    .hasRole(PARTNER)
                    .requestMatchers("/fhir", "/fhir/**")
                    .denyAll()
                    .requestMatchers(
                        HttpMethod.POST, "/api/ledger/cosignatures", "/api/ledger/witness-alerts")
                    .hasRole(PARTNER)
                    .requestMatchers(
                        "/api/ledger/checkpoint",
                        "/api/ledger/keys",
                        "/api/ledger/proof/consistency",
                        "/api/ledger/witnesses")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers(HttpMethod.PUT, "/api/protocol/**")
                    .hasRole(ADMIN)
                    // A withdrawn party's new signature: its own system, or an administrator.
                    .requestMatchers(HttpMethod.POST, "/api/protocol/signatures")
                    .hasAnyRole(ADMIN, PARTNER)
                    .requestMatchers(HttpMethod.POST, "/api/ledger/key-rotation")
                    .hasRole(ADMIN)
                    .requestMatchers(HttpMethod.POST, "/api/break-glass")
                    .hasAnyRole(CLINICIAN, SAFEGUARDING)
                    // Revocation: IG, an administrator, or the grantee (checked by BreakGlass).
                    .requestMatchers(HttpMethod.POST, "/api/break-glass/*/revoke")
                    .hasAnyRole(IG, ADMIN, CLINICIAN, SAFEGUARDING)
                    .requestMatchers("/api/break-glass/**")
                    .hasRole(IG)
                    .requestMatchers(HttpMethod.GET, "/api/break-glass")
                    .hasRole(IG)
                    .requestMatchers(HttpMethod.GET, "/api/consent/receipts/**")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers("/api/**")
                    .hasAnyRole(IG, ADMIN)
                    .requestMatchers("/actuator/**")
                    .hasRole(ADMIN)
                    .anyRequest()
                    .authenticated())
        .addFilterBefore(throttle, BasicAuthenticationFilter.class)
        .httpBasic(basic -> basic.authenticationEntryPoint(REFUSALS))
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(REFUSALS).accessDeniedHandler(REFUSALS))
        // Machine clients post to /fhir and /api with credentials, not cookies; CSRF protection
        // stays on for anything browser-facing.
        .csrf(csrf -> csrf.ignoringRequestMatchers("/fhir/**", "/api/**"))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /**
   * Malformed paths (encoded control characters, slashes, semicolons, double encoding...) are
   * refused before any rule or servlet sees them, with a 400 in the API's own format.
   */
  @Bean
  WebSecurityCustomizer pathFirewall() {
    return web -> web.httpFirewall(new PathFirewall()).requestRejectedHandler(REFUSALS);
  }

  /**
   * Tomcat would refuse encoded slashes and backslashes itself, with a bare 400; passed through,
   * they reach the {@link PathFirewall}, which refuses them in the API's own format. (An encoded
   * NUL Tomcat always refuses itself.)
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
    return factory ->
        factory.addConnectorCustomizers(
            connector -> {
              connector.setEncodedSolidusHandling("passthrough");
              connector.setEncodedReverseSolidusHandling("passthrough");
            });
  }

  @Bean
  SignInThrottle signInThrottle(HttpEdgeProperties edge, Clock clock) {
    // HttpEdgeProperties and its SignIn default every one of these.
    HttpEdgeProperties.SignIn signIn = Objects.requireNonNull(edge.signIn(), "sign-in");
    return new SignInThrottle(
        new SignInThrottle.Policy(
            Objects.requireNonNull(signIn.maxFailures(), "max-failures"),
            Objects.requireNonNull(signIn.addressMaxFailures(), "address-max-failures"),
            Objects.requireNonNull(signIn.lockDuration(), "lock-duration"),
            Objects.requireNonNull(signIn.maxLockDuration(), "max-lock-duration")),
        clock);
  }

  /** The throttle runs inside the security chain only, not a second time as a servlet filter. */
  @Bean
  FilterRegistrationBean<SignInThrottle> signInThrottleRegistration(SignInThrottle throttle) {
    FilterRegistrationBean<SignInThrottle> registration = new FilterRegistrationBean<>(throttle);
    registration.setEnabled(false);
    return registration;
  }

  /** Failed and successful sign-ins, from Spring Security's authentication events. */
  @Bean
  ApplicationListener<AbstractAuthenticationFailureEvent> signInFailures(SignInThrottle throttle) {
    return event -> {
      Object details = event.getAuthentication().getDetails();
      throttle.failed(
          event.getAuthentication().getName(),
          details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null);
    };
  }

  @Bean
  ApplicationListener<AuthenticationSuccessEvent> signInSuccesses(SignInThrottle throttle) {
    return event -> throttle.succeeded(event.getAuthentication().getName());
  }

  /** Every /api body is bounded (413), before authentication reads anything. */
  @Bean
  FilterRegistrationBean<BodyLimitFilter> apiBodyLimit(HttpEdgeProperties edge) {
    FilterRegistrationBean<BodyLimitFilter> registration =
        new FilterRegistrationBean<>(
            new BodyLimitFilter(
                // HttpEdgeProperties defaults both.
                Objects.requireNonNull(edge.maxBodySize(), "max-body-size").toBytes(),
                Objects.requireNonNull(edge.maxImportSize(), "max-import-size").toBytes()));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
    return registration;
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  UserDetailsService accounts(ConcordatProperties properties) {
    List<UserDetails> users = new ArrayList<>();
    for (PartnerAccount partner : properties.partners()) {
      users.add(
          User.withUsername(partner.username())
              .password(partner.passwordHash())
              .authorities(
                  new SimpleGrantedAuthority("ROLE_" + PARTNER),
                  new SimpleGrantedAuthority(
                      AuthenticatedPartner.ODS_AUTHORITY_PREFIX + partner.ods()))
              .build());
    }
    for (PersonAccount person : properties.people()) {
      List<SimpleGrantedAuthority> authorities = new ArrayList<>();
      person.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
      if (person.organisation() != null) {
        authorities.add(
            new SimpleGrantedAuthority(ORGANISATION_AUTHORITY_PREFIX + person.organisation()));
      }
      users.add(
          User.withUsername(person.username())
              .password(person.passwordHash())
              .authorities(authorities)
              .build());
    }
    return new InMemoryUserDetailsManager(users);
  }
}
