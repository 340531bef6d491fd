/** Key derivation for the core: HKDF (RFC 5869) over the JDK's HMAC-SHA-256. */
@NullMarked
package org.concordat.protocols.crypto;

import org.jspecify.annotations.NullMarked;
