package org.concordat.broker.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The first check every request meets, before authorisation or any servlet: its path must be one
 * that Spring Security's rules and the servlet serving it read the same way. HAPI trims a resource
 * name (Java's {@code trim()} drops every character up to U+0020), so {@code /fhir/AuditEvent%09}
 * reached AuditEvent while no path rule recognised it; such disagreements are closed here as a
 * class:
 *
 * <ul>
 *   <li>everything Spring's {@link StrictHttpFirewall} refuses (encoded slash, backslash, percent —
 *       and so double encoding — period, semicolons, NUL, CR, LF, paths that are not normalised);
 *   <li>every encoded control character ({@code %00}–{@code %1F}, {@code %7F}), and the same
 *       characters decoded;
 *   <li>under {@code /fhir} and {@code /api}, any character no resource path uses: the decoded path
 *       may hold only letters, digits and {@code . _ - $ /}.
 * </ul>
 *
 * Refusals are answered by {@link RefusalResponses} (400 with an OperationOutcome or a problem).
 */
final class PathFirewall extends StrictHttpFirewall {
  private static final Pattern RESOURCE_PATH = Pattern.compile("[A-Za-z0-9._$/\\-]*");

  public PathFirewall() {
    for (int c = 0; c <= 0x7f; c = c == 0x1f ? 0x7f : c + 1) {
      String hex = String.format("%02X", c);
      getEncodedUrlBlocklist().add("%" + hex);
      getEncodedUrlBlocklist().add("%" + hex.toLowerCase(Locale.ROOT));
      getDecodedUrlBlocklist().add(String.valueOf((char) c));
    }
  }

  @Override
  public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
    FirewalledRequest checked = super.getFirewalledRequest(request);
    String path =
        (request.getServletPath() == null ? "" : request.getServletPath())
            + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if ((path.equals("/fhir") || path.startsWith("/fhir/") || path.startsWith("/api/"))
        && !RESOURCE_PATH.matcher(path).matches()) {
      throw new RequestRejectedException(
          "The request path holds a character that no resource path uses");
    }
    return checked;
  }
}
