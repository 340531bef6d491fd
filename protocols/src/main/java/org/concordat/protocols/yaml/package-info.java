/**
 * The one YAML reader of the project's configuration files (protocols, mappings): YAML 1.2 core
 * schema booleans, bounded size and nesting, a line and column for every key and value, and a
 * checker that collects problems at those places.
 */
@NullMarked
package org.concordat.protocols.yaml;

import org.jspecify.annotations.NullMarked;
