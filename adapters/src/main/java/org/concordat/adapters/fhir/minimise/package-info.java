/**
 * Data minimisation of FHIR R4 content: removes exactly the data categories a decision withholds
 * (the protocol's FHIRPath selections, and the resources only those categories select) before
 * translation, and reports what was removed by path and count, never by value. See
 * docs/minimisation.md for the rules.
 */
@NullMarked
package org.concordat.adapters.fhir.minimise;

import org.jspecify.annotations.NullMarked;
