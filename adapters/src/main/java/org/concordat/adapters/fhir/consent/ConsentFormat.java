package org.concordat.adapters.fhir.consent;

import java.util.Map;
import org.concordat.adapters.fhir.NoticeParser;

/**
 * The code systems and extensions of Concordat's Consent format ({@code docs/consent-format.md}),
 * for whoever reads or writes a Consent.
 */
public final class ConsentFormat {
  private ConsentFormat() {}

  public static final String NHS_NUMBER_SYSTEM = NoticeParser.NHS_NUMBER_SYSTEM;
  public static final String ODS_ORGANISATION_SYSTEM = NoticeParser.ODS_ORGANISATION_SYSTEM;

  /** Purpose codes: the {@code code} of a purpose in the partnership's protocol. */
  public static final String SHARING_PURPOSE_SYSTEM =
      "https://fhir.concordat.example/CodeSystem/sharing-purpose";

  /** Data category codes: the {@code code} of a category in the partnership's protocol. */
  public static final String DATA_CATEGORY_SYSTEM =
      "https://fhir.concordat.example/CodeSystem/data-category";

  private static final String EXTENSIONS = "https://fhir.concordat.example/StructureDefinition/";

  /** Every extension URL starting with this is Concordat's; an unknown one is refused. */
  public static final String EXTENSION_PREFIX = EXTENSIONS;

  /** {@code valueCode}: person | lasting-power-of-attorney | best-interests-decision. */
  public static final String GIVEN_BY_EXTENSION = EXTENSIONS + "consent-given-by";

  /** {@code valueReference}: who made a best-interests decision. */
  public static final String DECISION_MAKER_EXTENSION = EXTENSIONS + "consent-decision-maker";

  /** {@code valueReference}: the member of staff who recorded the consent. */
  public static final String RECORDED_BY_EXTENSION = EXTENSIONS + "consent-recorded-by";

  /** {@code valueDate}: when to review the consent with the person. */
  public static final String REVIEW_DATE_EXTENSION = EXTENSIONS + "consent-review-date";

  public static final String CONSENT_SCOPE_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/consentscope";
  public static final String PATIENT_PRIVACY = "patient-privacy";
  public static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  public static final String ACT_REASON_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  public static final String PARTICIPATION_TYPE_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  public static final String CONSENT_ACTION_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/consentaction";
  public static final String RESOURCE_TYPES_SYSTEM = "http://hl7.org/fhir/resource-types";

  /**
   * HL7 v3 PurposeOfUse codes read as protocol purposes. Only codes whose HL7 definition describes
   * the same activity as the purpose are listed: TREAT ("to perform one or more operations on
   * information for provision of health care") is direct care. Every other code is refused: mapping
   * a narrower code (ETREAT, emergency treatment) to a broader purpose would widen a permit, and a
   * broader one to a narrower purpose would narrow a refusal (docs/consent-format.md, "Purposes").
   */
  public static final Map<String, String> ACT_REASON_PURPOSES = Map.of("TREAT", "direct-care");

  /** Largest scanned form accepted inline ({@code sourceAttachment.data}): 5 MiB. */
  public static final int MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
}
