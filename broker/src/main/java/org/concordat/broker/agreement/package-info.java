/**
 * The agreement in force: the signed protocol, the parties' standings and signatures, protocol
 * administration, decision explanations, and the {@link
 * org.concordat.broker.agreement.NarrowingChange} every change that narrows what is allowed raises.
 */
@NullMarked
package org.concordat.broker.agreement;

import org.jspecify.annotations.NullMarked;
