/**
 * The canonical JSON form (RFC 8785, JSON Canonicalization Scheme) that everything hashed or signed
 * in Concordat is written in, so the same value always gives the same bytes.
 */
@NullMarked
package org.concordat.protocols.canonical;

import org.jspecify.annotations.NullMarked;
