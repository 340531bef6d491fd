/** Wiring: typed settings and the explicit beans that assemble core, adapters and transports. */
@NullMarked
package org.concordat.broker.wiring;

import org.jspecify.annotations.NullMarked;
