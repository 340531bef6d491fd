package org.concordat.broker.disclosure;

import java.util.List;
import org.concordat.adapters.fhir.NoticeWarning;

/**
 * What became of an inbound message. Every accepted message ends in exactly one of these: it is
 * decided (and each recipient's decision is in the ledger), or rejected with the reason.
 */
sealed interface ReceiveOutcome {

  /** The broker's id for the message (stored, and cited in ledger entries). */
  String messageId();

  /** At least one recipient was permitted; deliveries are in the outbox. */
  record Accepted(String messageId, List<RecipientDecision> decisions, List<NoticeWarning> warnings)
      implements ReceiveOutcome {
    public Accepted {
      decisions = List.copyOf(decisions);
      warnings = List.copyOf(warnings);
    }
  }

  /** Every recipient was denied; each denial is in the ledger and nothing is delivered. */
  record Denied(String messageId, List<RecipientDecision> decisions, List<NoticeWarning> warnings)
      implements ReceiveOutcome {
    public Denied {
      decisions = List.copyOf(decisions);
      warnings = List.copyOf(warnings);
    }
  }

  /** The message could not be processed (bad input, wrong sender); nothing was decided. */
  record Rejected(String messageId, Rejection kind, String reason) implements ReceiveOutcome {}

  /** Why a message was rejected, mapped to HTTP status and OperationOutcome issue type. */
  enum Rejection {
    TOO_LARGE,
    MALFORMED,
    FORBIDDEN_XML_CONSTRUCT,
    UNSUPPORTED_MEDIA_TYPE,
    NOT_A_MESSAGE,
    MISSING_ELEMENT,
    INVALID_NHS_NUMBER,
    INVALID_ODS_CODE,
    AMBIGUOUS_SUBJECT,
    SENDER_MISMATCH,
    UNKNOWN_SENDER,
    UNKNOWN_EVENT,
    NO_DELIVERY_ROUTE,
    /** A JSON object with a key given twice. */
    DUPLICATE_KEY,
    /** A text too long, an element repeated too often or nesting too deep. */
    LIMIT_EXCEEDED,
    /** Text holding a control character other than tab, carriage return and line feed. */
    INVALID_TEXT,
    /** Understood and decided on, but it cannot be put in a recipient's format. */
    UNTRANSLATABLE,
    /**
     * The sender already used the message's id for a different message: a repeat must be identical,
     * a new message needs a new id. FHIR answers 409, HL7 v2 {@code AR}.
     */
    DUPLICATE_MESSAGE_ID
  }
}
