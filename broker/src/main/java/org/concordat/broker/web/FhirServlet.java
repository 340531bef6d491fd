package org.concordat.broker.web;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.concordat.adapters.fhir.BodyScreen;
import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.broker.security.ReplayedRequest;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;

/**
 * The HAPI plain server at {@code /fhir}. It shares the broker's single {@link FhirContext}; errors
 * leave it as OperationOutcomes ({@link FhirErrors}) and every interaction is authorised inside it
 * ({@link FhirAccess}, deny by default).
 *
 * <p>Before HAPI sees a request: a body must be FHIR JSON or XML ({@code application/fhir+json},
 * {@code application/fhir+xml}, {@code application/json}, {@code application/xml}, with any
 * parameters; form-encoded only for {@code _search}) or it is refused with 415; a body is bounded
 * (one declared larger than the limit is refused with 413 unread, one that turns out larger fails
 * at the limit); and a resource HAPI will parse (Consent create and update) passes the {@link
 * BodyScreen} (duplicate JSON keys, text length, repeats, nesting, elements in all, control
 * characters, base64) first, with the Consent limits it is given, so that a body built to validate
 * slowly costs one streaming pass and is refused with 422 naming the element and the limit. {@code
 * $process-message} reads its own body, which the pipeline screens and records. Absolute URLs
 * ({@code Location}) are built from the configured public base URL, never from the {@code Host}
 * header, and no {@code X-Powered-By} header names the FHIR library.
 */
@Interceptor
class FhirServlet extends RestfulServer {
  private static final long serialVersionUID = 1L;

  /**
   * The largest body any FHIR interaction accepts: room for a Consent with a 5 MiB scanned form
   * (base64). Messages have their own, smaller limit ({@code concordat.inbound.max-bytes}).
   */
  public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";

  private final transient FhirContext fhir;
  private final transient BodyScreen screen;
  private final String version;

  /**
   * @param version Concordat's own version, reported in the CapabilityStatement
   * @param publicBaseUrl the broker's absolute base URL as clients reach it (e.g. {@code
   *     https://concordat.example.nhs.uk}); {@code /fhir} is appended
   */
  public FhirServlet(
      FhirContext fhir,
      List<? extends FhirProvider> plainProviders,
      BodyScreen screen,
      String version,
      Supplier<String> publicBaseUrl) {
    super(fhir);
    this.fhir = fhir;
    this.screen = screen;
    this.version = version;
    setServerName("Concordat");
    setServerVersion(version);
    setImplementationDescription("Concordat information-sharing and consent broker");
    setDefaultPrettyPrint(true);
    setServerAddressStrategy(new ConfiguredAddress(publicBaseUrl));
    registerInterceptor(new FhirAccess());
    registerInterceptor(new FhirErrors());
    registerInterceptor(this);
    registerProviders(plainProviders);
  }

  /** No {@code X-Powered-By}: which library serves the API is nobody's business. */
  @Override
  public void addHeadersToResponse(HttpServletResponse response) {
    // nothing
  }

  /**
   * The CapabilityStatement names Concordat and its version, and only what is offered: Consent
   * delete is always refused, so it is not advertised.
   */
  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describe(IBaseConformance generated) {
    if (!(generated instanceof CapabilityStatement capability)) {
      return;
    }
    capability.getSoftware().setName("Concordat").setVersion(version);
    capability.setPublisher("Concordat");
    capability
        .getImplementation()
        .setDescription("Concordat information-sharing and consent broker");
    for (CapabilityStatement.CapabilityStatementRestComponent rest : capability.getRest()) {
      for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
          rest.getResource()) {
        resource
            .getInteraction()
            .removeIf(i -> i.getCode() == CapabilityStatement.TypeRestfulInteraction.DELETE);
      }
    }
  }

  /**
   * The request's id is the broker's own ({@link RequestIds}), so the {@code X-Request-ID} header
   * and the incident id of an unexpected failure ({@link FhirErrors}) are the same id as in the
   * log; HAPI would otherwise take over a client's header or make one of its own.
   */
  @Override
  protected String getOrCreateRequestId(HttpServletRequest request) {
    return RequestIds.of(request);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String method = request.getMethod();
    boolean hasBody =
        ("POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method))
            && request.getContentLengthLong() != 0;
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    boolean search = path.endsWith("/_search");
    MessageFormat format = null;
    if (hasBody) {
      format = mediaType(request.getContentType());
      if (format == null && !(search && isForm(request.getContentType()))) {
        refuse(
            response,
            415,
            IssueType.NOTSUPPORTED,
            "The content type "
                + describe(request.getContentType())
                + " is not accepted; send application/fhir+json or application/fhir+xml");
        return;
      }
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      refuse(
          response,
          413,
          IssueType.TOOLONG,
          "The request body is "
              + request.getContentLengthLong()
              + " bytes; the largest accepted is "
              + MAX_BODY_BYTES
              + " bytes.");
      return;
    }
    if (format != null && !search && !path.startsWith("/$process-message")) {
      byte[] body;
      try {
        body = new Bounded(request).getInputStream().readAllBytes();
      } catch (IOException e) {
        refuse(
            response,
            413,
            IssueType.TOOLONG,
            "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
        return;
      }
      try {
        screen.check(body, format);
      } catch (InvalidMessageException e) {
        refuse(
            response,
            e.kind().httpStatus(),
            OperationOutcomes.issueType(e.kind()),
            Objects.requireNonNullElse(e.getMessage(), "The message is not valid."));
        return;
      }
      super.service(new ReplayedRequest(request, body), response);
      return;
    }
    super.service(new Bounded(request), response);
  }

  /**
   * The FHIR encoding a content type names, or null for anything else (including none). Only the
   * media type counts; parameters such as {@code charset=utf-8} are allowed.
   */
  static @Nullable MessageFormat mediaType(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return null;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/fhir+json", "application/json", "application/json+fhir" ->
          MessageFormat.JSON;
      case "application/fhir+xml", "application/xml", "application/xml+fhir" -> MessageFormat.XML;
      default -> null;
    };
  }

  private static boolean isForm(@Nullable String contentType) {
    return contentType != null
        && contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(FORM);
  }

  /** The media type alone, or "(none)": parameters are not echoed. */
  private static String describe(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "(none)";
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return type.matches("[a-z0-9.+\\-]{1,64}/[a-z0-9.+\\-]{1,64}") ? type : "given";
  }

  private void refuse(HttpServletResponse response, int status, IssueType type, String text)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/fhir+json");
    response
        .getOutputStream()
        .write(
            fhir.newJsonParser()
                .encodeResourceToString(OperationOutcomes.error(type, text))
                .getBytes(StandardCharsets.UTF_8));
  }

  /** Absolute URLs from configuration: {@code <public base URL>/fhir}. */
  private record ConfiguredAddress(Supplier<String> base) implements IServerAddressStrategy {
    @Override
    public String determineServerBase(ServletContext context, HttpServletRequest request) {
      String root = base.get();
      return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/fhir";
    }
  }

  /** A request whose body stream fails once more than {@link #MAX_BODY_BYTES} have been read. */
  private static final class Bounded extends HttpServletRequestWrapper {
    private @Nullable ServletInputStream bounded;

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
