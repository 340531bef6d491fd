package org.concordat.broker.consent;

import java.time.Instant;

/** One person's latest national data opt-out result, valid until {@code expiresAt}. */
public record PersonOptOut(String lookupKey, boolean optedOut, Instant expiresAt) {}
