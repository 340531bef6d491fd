/**
 * Mappings: the catalogue of local-format mappings and their samples, tried over HTTP and the
 * command line.
 */
@NullMarked
package org.concordat.broker.mapping;

import org.jspecify.annotations.NullMarked;
