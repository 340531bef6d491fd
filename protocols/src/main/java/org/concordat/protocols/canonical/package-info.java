/**
 * The canonical JSON form (RFC 8785, JSON Canonicalization Scheme) that everything hashed or signed
 * in Concordat is written in, so the same value always gives the same bytes; and {@link
 * org.concordat.protocols.canonical.Sha256}, the one SHA-256 those bytes are hashed with.
 */
@NullMarked
package org.concordat.protocols.canonical;

import org.jspecify.annotations.NullMarked;
