package org.concordat.broker.web;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Map;
import java.util.Set;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.broker.security.AuthenticatedPartner;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who may do what at {@code /fhir}, checked inside the FHIR server once HAPI has chosen the
 * resource and interaction that will serve the request, so the check sees exactly what is served,
 * whatever the path looked like. Deny by default: an interaction not in {@link #RULES} is refused,
 * whoever asks. The providers check again where they need the caller ({@link #partner()}, {@link
 * #requireAnyRole}).
 *
 * <table>
 *   <caption>The rules</caption>
 *   <tr><th>interaction</th><th>roles</th></tr>
 *   <tr><td>metadata</td><td>anyone, signed in or not</td></tr>
 *   <tr><td>$process-message</td><td>PARTNER</td></tr>
 *   <tr><td>Consent create, update (and delete, which is refused)</td><td>PARTNER</td></tr>
 *   <tr><td>Consent read, vread, history, search</td><td>PARTNER, IG, ADMIN</td></tr>
 *   <tr><td>AuditEvent search</td><td>IG, ADMIN</td></tr>
 * </table>
 */
@Interceptor
public final class FhirAccess {
  public static final String PARTNER = "PARTNER";
  public static final String IG = "IG";
  public static final String ADMIN = "ADMIN";

  /** Everyone, including callers who did not sign in. */
  private static final Set<String> ANYONE = Set.of("*");

  private static final Set<String> PARTNERS = Set.of(PARTNER);
  private static final Set<String> READERS = Set.of(PARTNER, IG, ADMIN);
  private static final Set<String> GOVERNANCE = Set.of(IG, ADMIN);

  /** Resource type (empty for server-level interactions) → interaction → roles allowed. */
  static final Map<String, Map<RestOperationTypeEnum, Set<String>>> RULES =
      Map.of(
          "",
          Map.of(RestOperationTypeEnum.METADATA, ANYONE),
          "Consent",
          Map.of(
              RestOperationTypeEnum.CREATE, PARTNERS,
              RestOperationTypeEnum.UPDATE, PARTNERS,
              RestOperationTypeEnum.DELETE, PARTNERS,
              RestOperationTypeEnum.READ, READERS,
              RestOperationTypeEnum.VREAD, READERS,
              RestOperationTypeEnum.HISTORY_INSTANCE, READERS,
              RestOperationTypeEnum.SEARCH_TYPE, READERS),
          "AuditEvent",
          Map.of(RestOperationTypeEnum.SEARCH_TYPE, GOVERNANCE));

  /** Operations by name: server-level extended operations. */
  static final Map<String, Set<String>> OPERATIONS = Map.of("$process-message", PARTNERS);

  /**
   * Refuses the request unless {@link #RULES} allow the caller the interaction HAPI chose.
   *
   * @throws ForbiddenOperationException (403) or {@link AuthenticationException} (401) if not
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean authorise(RequestDetails request) {
    Set<String> allowed = allowed(request);
    if (allowed == null) {
      throw forbidden("This server does not offer that interaction to anyone.");
    }
    if (allowed != ANYONE) {
      requireAnyRole(allowed.toArray(String[]::new));
    }
    return true;
  }

  static @Nullable Set<String> allowed(RequestDetails request) {
    RestOperationTypeEnum type = request.getRestOperationType();
    if (type == null) {
      return null;
    }
    if (type == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
      String operation = request.getOperation();
      return operation == null ? null : OPERATIONS.get(operation);
    }
    String resource = request.getResourceName() == null ? "" : request.getResourceName();
    Map<RestOperationTypeEnum, Set<String>> interactions = RULES.get(resource);
    return interactions == null ? null : interactions.get(type);
  }

  /**
   * The partner system the request authenticated as.
   *
   * @throws ForbiddenOperationException (403, with an OperationOutcome) if it is not one
   */
  public static AuthenticatedPartner partner() {
    requireAnyRole(PARTNER);
    try {
      return AuthenticatedPartner.current();
    } catch (AccessDeniedException e) {
      throw forbidden("Only partner systems may do this.");
    }
  }

  /**
   * @throws AuthenticationException (401) if nobody signed in, {@link ForbiddenOperationException}
   *     (403) if the caller has none of {@code roles}
   */
  public static void requireAnyRole(String... roles) {
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    if (who == null || !who.isAuthenticated() || who instanceof AnonymousAuthenticationToken) {
      AuthenticationException unauthenticated =
          new AuthenticationException("Authentication is required.");
      unauthenticated.setOperationOutcome(
          OperationOutcomes.error(IssueType.LOGIN, "Authentication is required."));
      throw unauthenticated.addAuthenticateHeaderForRealm("Concordat");
    }
    for (GrantedAuthority authority : who.getAuthorities()) {
      for (String role : roles) {
        if (("ROLE_" + role).equals(authority.getAuthority())) {
          return;
        }
      }
    }
    throw forbidden("Your account's role does not allow this request.");
  }

  /** Whether the caller has {@code role}. */
  public static boolean hasRole(String role) {
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    return who != null
        && who.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
  }

  private static ForbiddenOperationException forbidden(String text) {
    ForbiddenOperationException forbidden = new ForbiddenOperationException(text);
    forbidden.setOperationOutcome(OperationOutcomes.error(IssueType.FORBIDDEN, text));
    return forbidden;
  }
}
