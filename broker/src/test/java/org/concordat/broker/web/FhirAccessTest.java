package org.concordat.broker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The FHIR server's own authorisation, whatever path reached it: deny by default, and each
 * interaction only for its roles.
 */
class FhirAccessTest {
  private final FhirAccess access = new FhirAccess();

  @AfterEach
  void signOut() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aPartnerCannotSearchTheAuditTrailWhateverPathHapiWasReachedBy() {
    signIn("xvo001", "ROLE_PARTNER", "PARTNER_ODS_XVO001");

    assertThatThrownBy(
            () -> access.authorise(request("AuditEvent", RestOperationTypeEnum.SEARCH_TYPE)))
        .isInstanceOf(ForbiddenOperationException.class);
  }

  @Test
  void informationGovernanceSearchesTheAuditTrail() {
    signIn("ig-lead", "ROLE_IG");

    assertThat(access.authorise(request("AuditEvent", RestOperationTypeEnum.SEARCH_TYPE))).isTrue();
  }

  @Test
  void refusesAnInteractionNotInTheRulesEvenToAnAdministrator() {
    signIn("admin", "ROLE_ADMIN");

    for (var refused :
        List.of(
            request("AuditEvent", RestOperationTypeEnum.READ),
            request("Patient", RestOperationTypeEnum.READ),
            request("Consent", RestOperationTypeEnum.DELETE),
            request("Consent", RestOperationTypeEnum.PATCH),
            request(null, RestOperationTypeEnum.TRANSACTION),
            request(null, null),
            operation("$everything"))) {
      assertThatThrownBy(() -> access.authorise(refused))
          .isInstanceOf(ForbiddenOperationException.class);
    }
  }

  @Test
  void onlyPartnersProcessMessages() {
    signIn("ig-lead", "ROLE_IG");
    assertThatThrownBy(() -> access.authorise(operation("$process-message")))
        .isInstanceOf(ForbiddenOperationException.class);

    signIn("rxa", "ROLE_PARTNER", "PARTNER_ODS_RXA");
    assertThat(access.authorise(operation("$process-message"))).isTrue();
  }

  @Test
  void peopleWhoMayBreakGlassDoNotReadConsents() {
    signIn("dr-patel", "ROLE_CLINICIAN", "ORG_RXA");

    assertThatThrownBy(
            () -> access.authorise(request("Consent", RestOperationTypeEnum.SEARCH_TYPE)))
        .isInstanceOf(ForbiddenOperationException.class);
  }

  @Test
  void theCapabilityStatementIsForAnyoneAndEverythingElseNeedsASignIn() {
    SecurityContextHolder.getContext()
        .setAuthentication(
            new AnonymousAuthenticationToken(
                "key", "anonymousUser", List.of(new SimpleGrantedAuthority("ROLE_ANONYMOUS"))));

    assertThatCode(() -> access.authorise(request(null, RestOperationTypeEnum.METADATA)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> access.authorise(request("Consent", RestOperationTypeEnum.READ)))
        .isInstanceOf(AuthenticationException.class);
  }

  private static ServletRequestDetails request(String resource, RestOperationTypeEnum type) {
    ServletRequestDetails request = new ServletRequestDetails();
    request.setResourceName(resource);
    request.setRestOperationType(type);
    return request;
  }

  private static ServletRequestDetails operation(String name) {
    ServletRequestDetails request = request(null, RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);
    request.setOperation(name);
    return request;
  }

  private static void signIn(String name, String... authorities) {
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                name,
                null,
                java.util.Arrays.stream(authorities).map(SimpleGrantedAuthority::new).toList()));
  }
}
