package org.concordat.broker.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

/** The path firewall's rules, request by request, without a server. */
class PathFirewallTest {
  private final PathFirewall firewall = new PathFirewall();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/fhir/AuditEvent%09",
        "/fhir/AuditEvent%00",
        "/fhir/AuditEvent%1f",
        "/fhir/AuditEvent%7F",
        "/fhir/Consent%2F1",
        "/fhir/Consent%252F1",
        "/api/ledger/..%2Fkeys",
        "/api/consent;jsessionid=1"
      })
  void refusesEncodedControlCharactersAndEncodedSeparators(String uri) {
    assertThatThrownBy(() -> firewall.getFirewalledRequest(request(uri, uri, null)))
        .isInstanceOf(RequestRejectedException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "/fhir, '/AuditEvent\t'",
    "/fhir, '/Consent/1 '",
    "/fhir, /Consent/ü",
    "/api, /ledger/entries~",
    "/api, /consent/<script>"
  })
  void refusesUnderFhirAndApiAnyCharacterNoResourcePathUses(String servlet, String info) {
    assertThatThrownBy(() -> firewall.getFirewalledRequest(request(servlet + "x", servlet, info)))
        .isInstanceOf(RequestRejectedException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "/fhir, /$process-message",
    "/fhir, /Consent/abc-123/_history/2",
    "/fhir, /AuditEvent",
    "/api, /ledger/proof/inclusion",
    "/api, /break-glass/grants/bg_1.review"
  })
  void letsResourcePathsThrough(String servlet, String info) {
    assertThatCode(() -> firewall.getFirewalledRequest(request(servlet + info, servlet, info)))
        .doesNotThrowAnyException();
  }

  private static MockHttpServletRequest request(String uri, String servletPath, String pathInfo) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
    request.setServletPath(servletPath);
    request.setPathInfo(pathInfo);
    return request;
  }
}
