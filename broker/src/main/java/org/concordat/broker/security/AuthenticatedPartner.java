package org.concordat.broker.security;

import org.concordat.protocols.sharing.OdsCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The partner system the current request authenticated as, identified by its ODS code. */
public record AuthenticatedPartner(OdsCode ods) {
  /** Authority prefix carrying a partner's ODS code, e.g. {@code PARTNER_ODS_RXA}. */
  public static final String ODS_AUTHORITY_PREFIX = "PARTNER_ODS_";

  /**
   * @throws AccessDeniedException if the current request is not authenticated as a partner system
   */
  public static AuthenticatedPartner current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null) {
      for (GrantedAuthority authority : authentication.getAuthorities()) {
        String name = authority.getAuthority();
        if (name != null && name.startsWith(ODS_AUTHORITY_PREFIX)) {
          return new AuthenticatedPartner(
              OdsCode.of(name.substring(ODS_AUTHORITY_PREFIX.length())));
        }
      }
    }
    throw new AccessDeniedException("Only partner systems may send messages");
  }
}
