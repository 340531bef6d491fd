package org.concordat.broker;

import java.nio.charset.StandardCharsets;

/** FHIR R4 Consents (UK Core) as partner systems send them, for integration tests. */
final class ConsentFixture {
  private ConsentFixture() {}

  /**
   * The person refuses all sharing for {@code purpose} with {@code recipient}: a UK Core Consent,
   * active, scope patient-privacy, one deny provision naming the purpose and the recipient (role
   * IRCP), recorded by {@code recorder}.
   */
  static byte[] refusal(String nhsNumber, String purpose, String recipient, String recorder) {
    String json =
        """
        {
          "resourceType": "Consent",
          "status": "active",
          "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope",
                                "code": "patient-privacy"}]},
          "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                                    "code": "INFA", "display": "information access"}]}],
          "patient": {"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number",
                                     "value": "%1$s"}},
          "dateTime": "2026-02-02T10:15:00+00:00",
          "organization": [{"identifier": {
              "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "%4$s"}}],
          "policy": [{"uri": "https://fhir.concordat.example/partnerships/example/protocol"}],
          "provision": {
            "type": "deny",
            "actor": [{
              "role": {"coding": [{
                  "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                  "code": "IRCP"}]},
              "reference": {"identifier": {
                  "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "%3$s"}}
            }],
            "purpose": [{"system": "https://fhir.concordat.example/CodeSystem/sharing-purpose",
                         "code": "%2$s"}]
          }
        }
        """
            .formatted(nhsNumber, purpose, recipient, recorder);
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
