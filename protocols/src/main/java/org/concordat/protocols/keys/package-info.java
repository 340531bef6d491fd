/**
 * Public keys as people write them: C2SP signed-note verifier keys ({@code name+hash+base64}),
 * shared by protocol signing and checkpoint notes so both derive key ids the same way.
 */
@NullMarked
package org.concordat.protocols.keys;

import org.jspecify.annotations.NullMarked;
