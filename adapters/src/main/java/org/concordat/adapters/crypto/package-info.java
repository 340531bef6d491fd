/**
 * Bouncy Castle implementations of the core's cryptographic ports ({@code Signer}, {@code
 * SignatureVerifier}), Ed25519 key files in PEM and the partnership's secret files.
 */
@NullMarked
package org.concordat.adapters.crypto;

import org.jspecify.annotations.NullMarked;
