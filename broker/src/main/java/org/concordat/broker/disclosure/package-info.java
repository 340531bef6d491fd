/**
 * Disclosure: receive a message (FHIR {@code $process-message}, file drop, HL7 v2), decide for each
 * recipient, minimise, translate and record; and decide again what is queued when a change narrows
 * what is allowed.
 */
@NullMarked
package org.concordat.broker.disclosure;

import org.jspecify.annotations.NullMarked;
