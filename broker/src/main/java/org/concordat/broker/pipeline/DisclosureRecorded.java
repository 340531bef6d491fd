package org.concordat.broker.pipeline;

/**
 * Published (in-process, or on Kafka when configured) after a ledger entry about a disclosure or
 * denial has committed. Carries no personal data.
 */
public record DisclosureRecorded(
    long ledgerIndex,
    String messageId,
    String entryType,
    String sender,
    String recipient,
    String purpose,
    String outcome) {}
