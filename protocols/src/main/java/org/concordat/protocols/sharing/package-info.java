/** Sharing protocols: parties, purposes, data categories and flows that partners jointly agree. */
@NullMarked
package org.concordat.protocols.sharing;

import org.jspecify.annotations.NullMarked;
