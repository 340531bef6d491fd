/**
 * Break-glass: emergency grants, their review queue, revocation and alerts; a grant that ends has
 * what is queued under it decided again.
 */
@NullMarked
package org.concordat.broker.breakglass;

import org.jspecify.annotations.NullMarked;
