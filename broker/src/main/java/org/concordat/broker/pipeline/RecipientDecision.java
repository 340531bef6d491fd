package org.concordat.broker.pipeline;

import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.sharing.OdsCode;

/** The decision for one recipient of a message and the ledger entry that records it. */
public record RecipientDecision(OdsCode recipient, Decision decision, long ledgerIndex) {}
