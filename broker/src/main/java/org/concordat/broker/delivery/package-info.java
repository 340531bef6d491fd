/**
 * Delivery: the partners and their formats, the outbox written with the ledger entry that
 * authorises each delivery, and the relay that hands it to a transport.
 */
@NullMarked
package org.concordat.broker.delivery;

import org.jspecify.annotations.NullMarked;
