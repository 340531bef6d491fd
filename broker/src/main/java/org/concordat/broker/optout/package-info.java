/**
 * The national data opt-out: imports of results, which feed the consent cache and decide again what
 * is queued.
 */
@NullMarked
package org.concordat.broker.optout;

import org.jspecify.annotations.NullMarked;
