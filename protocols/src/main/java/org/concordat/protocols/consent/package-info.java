/**
 * A person's consent directives (permits and refusals by purpose, recipient, category and period)
 * and national data opt-out, as the decision engine sees them through {@link
 * org.concordat.protocols.consent.ConsentPort}.
 */
@NullMarked
package org.concordat.protocols.consent;

import org.jspecify.annotations.NullMarked;
