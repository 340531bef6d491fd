/**
 * Events: the broker's published events and their bridge to the partnership's event bus (Kafka), or
 * in-process only.
 */
@NullMarked
package org.concordat.broker.events;

import org.jspecify.annotations.NullMarked;
