package org.concordat.broker.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id of the broker's own (a random UUID), sent back as {@code X-Request-ID}
 * and kept on the request, so an unexpected failure's answer and its log line can name the same id.
 * A client's own {@code X-Request-ID} is not taken over: the id is never text a caller chose.
 */
public final class RequestIds extends OncePerRequestFilter {
  /** The response header that carries the id. */
  public static final String HEADER = "X-Request-ID";

  private static final String ATTRIBUTE = RequestIds.class.getName() + ".id";

  /** The id of {@code request}, or a new random one if it passed no {@link RequestIds} filter. */
  public static String of(ServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    return id instanceof String s ? s : UUID.randomUUID().toString();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id = UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, id);
    response.setHeader(HEADER, id);
    chain.doFilter(request, response);
  }
}
