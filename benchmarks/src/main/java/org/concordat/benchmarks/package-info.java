/**
 * JMH benchmarks of the protocols core and of the translation adapters (mappings and minimisation);
 * run by hand from the shaded benchmarks jar, from the repository's root.
 */
package org.concordat.benchmarks;
