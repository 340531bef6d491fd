package org.concordat.broker.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the body of every {@code /api} request before any controller reads it. A body whose {@code
 * Content-Length} is over the limit is refused with 413 unread; one without a length (chunked) is
 * read up to the limit and refused with 413 as soon as it passes it, otherwise handed on from
 * memory. Opt-out imports (IG and ADMIN only, two cohort files) have their own, larger limit.
 */
final class BodyLimitFilter extends OncePerRequestFilter {
  static final String IMPORTS = "/api/opt-out/imports";

  private final long maxBytes;
  private final long maxImportBytes;

  public BodyLimitFilter(long maxBytes, long maxImportBytes) {
    this.maxBytes = maxBytes;
    this.maxImportBytes = maxImportBytes;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long limit = path.equals(IMPORTS) || path.startsWith(IMPORTS + "/") ? maxImportBytes : maxBytes;
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      tooLarge(response, limit);
      return;
    }
    if (declared >= 0) {
      chain.doFilter(request, response);
      return;
    }
    // No length given (chunked): count while reading, and stop at the limit.
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    }
    if (body.length > limit) {
      tooLarge(response, limit);
      return;
    }
    chain.doFilter(new ReplayedRequest(request, body), response);
  }

  private static void tooLarge(HttpServletResponse response, long limit) throws IOException {
    response.setStatus(413);
    response.setHeader("Connection", "close");
    response.setContentType("application/problem+json");
    response
        .getOutputStream()
        .write(
            ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"The request body is larger than this endpoint's limit of "
                    + limit
                    + " bytes.\"}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
