package org.concordat.adapters.hl7v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;

/**
 * Why an HL7 v2 message is refused, with the acknowledgement it earns. AE (application error) says
 * the content is wrong and must be corrected before sending again; AR (application reject) says
 * this broker does not take the message as addressed (type, event, sender) or cannot take it now.
 */
public enum AdtProblem {
  /** Larger than the configured maximum. */
  TOO_LARGE(AcknowledgmentCode.AE, ErrorCode.APPLICATION_INTERNAL_ERROR),
  /** Not HL7 v2 ER7 ("pipe and hat") that HAPI can parse, or without an MSH segment. */
  MALFORMED(AcknowledgmentCode.AE, ErrorCode.SEGMENT_SEQUENCE_ERROR),
  /** Not an ADT message (MSH-9.1). */
  UNSUPPORTED_MESSAGE_TYPE(AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_MESSAGE_TYPE),
  /** An ADT event other than A01, A03 and A08 (MSH-9.2). */
  UNSUPPORTED_EVENT(AcknowledgmentCode.AR, ErrorCode.UNSUPPORTED_EVENT_CODE),
  /** A sending facility (MSH-4) that is not configured. */
  UNKNOWN_SENDING_FACILITY(AcknowledgmentCode.AR, ErrorCode.UNKNOWN_KEY_IDENTIFIER),
  /** No NHS number in PID-3 (assigning authority NHS or identifier type NH). */
  MISSING_NHS_NUMBER(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING),
  /** An NHS number that is not ten digits or fails its modulus 11 check. */
  INVALID_NHS_NUMBER(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR),
  /** A required field other than the NHS number is missing (MSH-10, say). */
  MISSING_FIELD(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING),
  /** A field whose value is not of its type (a date that is not a date, say). */
  INVALID_VALUE(AcknowledgmentCode.AE, ErrorCode.DATA_TYPE_ERROR);

  private final AcknowledgmentCode acknowledgement;
  private final ErrorCode errorCode;

  AdtProblem(AcknowledgmentCode acknowledgement, ErrorCode errorCode) {
    this.acknowledgement = acknowledgement;
    this.errorCode = errorCode;
  }

  /** MSA-1 of the answer: AE or AR. */
  public AcknowledgmentCode acknowledgement() {
    return acknowledgement;
  }

  /** The HL7 table 0357 code in the ERR segment. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
