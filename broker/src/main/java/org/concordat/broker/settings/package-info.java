/**
 * Settings every feature reads ({@code concordat.*}) and what all share: the clock, randomness, the
 * FHIR context.
 */
@NullMarked
package org.concordat.broker.settings;

import org.jspecify.annotations.NullMarked;
