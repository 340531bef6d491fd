/** The disclosure ledger: entry format, RFC 6962 Merkle hashing, signed checkpoints. */
@NullMarked
package org.concordat.protocols.ledger;

import org.jspecify.annotations.NullMarked;
