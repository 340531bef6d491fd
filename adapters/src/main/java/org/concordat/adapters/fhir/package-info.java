/**
 * FHIR R4 messages at the edge: the shared HAPI context, safe XML, parsing and checking inbound
 * notices, and OperationOutcome replies.
 */
@NullMarked
package org.concordat.adapters.fhir;

import org.jspecify.annotations.NullMarked;
