package org.concordat.broker.security;

import java.util.LinkedHashSet;
import java.util.Set;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The person the current request authenticated as: their username, roles (without the {@code ROLE_}
 * prefix) and the organisation they work for, if their account names one.
 */
public record AuthenticatedPerson(
    String username, Set<String> roles, @Nullable OdsCode organisation) {
  /**
   * Authority prefix carrying the organisation a person works for, e.g. {@code ORG_RXA}. The same
   * value as {@code SecurityConfiguration.ORGANISATION_AUTHORITY_PREFIX}, which grants it.
   */
  public static final String ORGANISATION_AUTHORITY_PREFIX = "ORG_";

  private static final String ROLE_PREFIX = "ROLE_";

  public AuthenticatedPerson {
    roles = Set.copyOf(roles);
  }

  /**
   * @throws AccessDeniedException if the current request is not authenticated
   */
  public static AuthenticatedPerson current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      throw new AccessDeniedException("Not authenticated");
    }
    Set<String> roles = new LinkedHashSet<>();
    OdsCode organisation = null;
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      String name = authority.getAuthority();
      if (name == null) {
        continue;
      }
      if (name.startsWith(ROLE_PREFIX)) {
        roles.add(name.substring(ROLE_PREFIX.length()));
      } else if (name.startsWith(ORGANISATION_AUTHORITY_PREFIX)) {
        organisation = OdsCode.of(name.substring(ORGANISATION_AUTHORITY_PREFIX.length()));
      }
    }
    return new AuthenticatedPerson(authentication.getName(), roles, organisation);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
