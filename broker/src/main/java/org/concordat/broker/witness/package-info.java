/** Witnesses: partners that cosign the ledger's checkpoints, their progress and their alerts. */
@NullMarked
package org.concordat.broker.witness;

import org.jspecify.annotations.NullMarked;
