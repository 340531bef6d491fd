package org.concordat.broker.wiring;

import java.util.ArrayList;
import java.util.List;
import org.concordat.broker.security.AuthenticatedPartner;
import org.concordat.broker.security.AuthenticatedPerson;
import org.concordat.broker.security.RefusalResponses;
import org.concordat.broker.wiring.ConcordatProperties.PartnerAccount;
import org.concordat.broker.wiring.ConcordatProperties.PersonAccount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may reach what. Everything needs authentication except {@code /actuator/health}. Partner
 * systems (role PARTNER, with their ODS code as an authority) use the FHIR endpoint; people need a
 * role: IG for the ledger and IG views, ADMIN for operations and metrics.
 *
 * <p>This first scheme is HTTP Basic against accounts in configuration (password hashes only).
 * Production replaces the partner side with mutual TLS or signed-JWT client authentication; both
 * produce the same authorities, so nothing behind this class changes.
 */
@Configuration
public class SecurityConfiguration {
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
  SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/fhir/AuditEvent", "/fhir/AuditEvent/**")
                    .hasAnyRole(IG, ADMIN)
                    .requestMatchers("/fhir/metadata")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers(HttpMethod.GET, "/fhir/Consent", "/fhir/Consent/**")
                    .hasAnyRole(PARTNER, IG, ADMIN)
                    .requestMatchers("/fhir/**")
                    .hasRole(PARTNER)
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
