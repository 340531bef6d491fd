/**
 * Subjects: subject keys and salts (erasure), subject access ("who saw my record?") and its FHIR
 * AuditEvent view.
 */
@NullMarked
package org.concordat.broker.subject;

import org.jspecify.annotations.NullMarked;
