package org.concordat.broker.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The HAPI plain server at {@code /fhir}. It shares the broker's single {@link FhirContext}; errors
 * leave it as OperationOutcomes. Every request body is bounded before HAPI reads it: one declared
 * larger than the limit is refused with 413 unread, and one that turns out larger while being read
 * fails at the limit.
 */
public class FhirServlet extends RestfulServer {
  private static final long serialVersionUID = 1L;

  /**
   * The largest body any FHIR interaction accepts: room for a Consent with a 5 MiB scanned form
   * (base64). Messages have their own, smaller limit ({@code concordat.inbound.max-bytes}).
   */
  public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final transient FhirContext fhir;

  public FhirServlet(FhirContext fhir, List<Object> plainProviders) {
    super(fhir);
    this.fhir = fhir;
    setServerName("Concordat");
    setDefaultPrettyPrint(true);
    registerProviders(plainProviders);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      String text =
          "The request body is "
              + request.getContentLengthLong()
              + " bytes; the largest accepted is "
              + MAX_BODY_BYTES
              + " bytes.";
      response.setStatus(413);
      response.setContentType("application/fhir+json");
      response
          .getOutputStream()
          .write(
              fhir.newJsonParser()
                  .encodeResourceToString(OperationOutcomes.error(IssueType.TOOLONG, text))
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    super.service(new Bounded(request), response);
  }

  /** A request whose body stream fails once more than {@link #MAX_BODY_BYTES} have been read. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private ServletInputStream bounded;

    Bounded(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (bounded == null) {
        ServletInputStream in = super.getInputStream();
        bounded =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              private void count(int n) throws IOException {
                read += n;
                if (read > MAX_BODY_BYTES) {
                  throw new IOException(
                      "The request body is larger than " + MAX_BODY_BYTES + " bytes");
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return bounded;
    }
  }
}
