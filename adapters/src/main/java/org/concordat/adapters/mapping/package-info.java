/**
 * Mappings as configuration: a YAML file ({@code config/mappings/*.yaml}, format in {@code
 * docs/mappings.md}) describes one local record format — CSV, JSON or XML — and how each of its
 * fields is read from FHIR R4 (FHIRPath) and written into FHIR R4 (a small path grammar), with code
 * tables, identifier, date and name rules. {@link org.concordat.adapters.mapping.Mappings} reads
 * mappings; {@link org.concordat.adapters.mapping.MappingEngine} translates records both ways,
 * reporting problems per record so that one bad record never sinks the others.
 */
@NullMarked
package org.concordat.adapters.mapping;

import org.jspecify.annotations.NullMarked;
