/**
 * The shared web layer: the FHIR servlet at {@code /fhir} serving the features' providers, its
 * access table and error answers, and RFC 9457 problems for {@code /api}.
 */
@NullMarked
package org.concordat.broker.web;

import org.jspecify.annotations.NullMarked;
