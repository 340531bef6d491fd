package org.concordat.broker.disclosure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;

/** The decision for one recipient of a message and the ledger entry that records it. */
record RecipientDecision(OdsCode recipient, Decision decision, long ledgerIndex) {

  /**
   * The decision as its ledger entry recorded it, to answer a repeat of the message with the
   * original answer. The entry keeps the outcome, reasons, categories and consent references; the
   * flow is given as far as the entry shows it (sender, recipient, purpose and the categories asked
   * for), and obligations, which the entry does not keep, are left out.
   */
  static RecipientDecision recorded(DisclosureBody body, long ledgerIndex) {
    Decision decision;
    if (body.isDenial()) {
      decision = new Decision.Deny(body.protocol(), body.reasons(), null, body.consents());
    } else {
      Set<CategoryCode> asked = new HashSet<>(body.disclosed());
      asked.addAll(body.withheld().keySet());
      decision =
          new Decision.Permit(
              body.protocol(),
              new Flow(body.sender(), body.recipient(), body.purpose(), asked),
              body.disclosed(),
              body.withheld(),
              body.reasons(),
              body.consents(),
              List.of());
    }
    return new RecipientDecision(body.recipient(), decision, ledgerIndex);
  }
}
