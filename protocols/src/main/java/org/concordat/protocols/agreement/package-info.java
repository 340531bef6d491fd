/**
 * Joint agreement: each party's Ed25519 signature over a protocol's canonical bytes, stored beside
 * the protocol; whether a protocol version is active (every party signed exactly this hash, within
 * validity, nobody withdrawn); and which version is in force when a new one supersedes an old one.
 */
@NullMarked
package org.concordat.protocols.agreement;

import org.jspecify.annotations.NullMarked;
