/** The decision engine: PERMIT, PERMIT with withheld categories, or DENY, always with reasons. */
@NullMarked
package org.concordat.protocols.decision;

import org.jspecify.annotations.NullMarked;
