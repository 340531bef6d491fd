/**
 * Offline validation of FHIR R4 resources against the UK Core profiles: {@link
 * org.concordat.adapters.fhir.validation.UkCoreValidator} builds HAPI's validation chain from the
 * packaged conformance resources and reports what it finds as a {@link
 * org.concordat.adapters.fhir.validation.ValidationReport}. No terminology server is used, so codes
 * from SNOMED CT and similar systems are warned about, never failed (docs/fhir-validation.md).
 */
@NullMarked
package org.concordat.adapters.fhir.validation;

import org.jspecify.annotations.NullMarked;
