/**
 * How records change shape and move: Bouncy Castle implementations of the core's crypto ports, FHIR
 * parsing, local authority formats and transports. Nothing here depends on Spring.
 */
@NullMarked
package org.concordat.adapters;

import org.jspecify.annotations.NullMarked;
