/** The FHIR endpoint at /fhir: a HAPI plain RestfulServer whose errors are OperationOutcomes. */
@NullMarked
package org.concordat.broker.fhir;

import org.jspecify.annotations.NullMarked;
