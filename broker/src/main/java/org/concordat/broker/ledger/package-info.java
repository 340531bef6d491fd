/**
 * The ledger: its single writer with group commit ({@link
 * org.concordat.broker.ledger.LedgerSequencer}), checkpoints, the checkpoint key and its rotation,
 * leadership among nodes, and the views and proofs served over HTTP.
 */
@NullMarked
package org.concordat.broker.ledger;

import org.jspecify.annotations.NullMarked;
