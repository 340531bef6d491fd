/**
 * Persistence: the ledger, outbox and inbound store over JDBC, with Flyway migrations for H2 and
 * PostgreSQL.
 */
@NullMarked
package org.concordat.broker.persistence;

import org.jspecify.annotations.NullMarked;
