package org.concordat.adapters.fhir;

/** What is wrong with an inbound message, in the broad terms a reply needs. */
public enum IssueKind {
  /** Larger than the configured maximum. */
  TOO_LARGE(413),
  /** Neither FHIR JSON nor FHIR XML. */
  UNSUPPORTED_MEDIA_TYPE(415),
  /** Not well-formed JSON or XML, or not a well-formed FHIR R4 resource. */
  MALFORMED(400),
  /** XML with a DOCTYPE, DTD or entity declarations, refused before any FHIR parsing. */
  FORBIDDEN_XML_CONSTRUCT(400),
  /** A JSON object with a key given more than once (a parser would silently keep one). */
  DUPLICATE_KEY(400),
  /** A text too long, an element repeated too often or nesting too deep ({@link BodyScreen}). */
  LIMIT_EXCEEDED(422),
  /** Text holding a control character other than tab, carriage return and line feed. */
  INVALID_TEXT(422),
  /** A FHIR resource, but not a Bundle of type message starting with a MessageHeader. */
  NOT_A_MESSAGE(422),
  /** A required element is absent. */
  MISSING_ELEMENT(422),
  /** An ODS code that is not 3 to 10 letters or digits. */
  INVALID_ODS_CODE(422),
  /** The Patient's NHS number is malformed or fails its check digit. */
  INVALID_NHS_NUMBER(422),
  /** More than one Patient, or one Patient with several different NHS numbers. */
  AMBIGUOUS_SUBJECT(422);

  private final int httpStatus;

  IssueKind(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status a REST endpoint should answer with. */
  public int httpStatus() {
    return httpStatus;
  }
}
