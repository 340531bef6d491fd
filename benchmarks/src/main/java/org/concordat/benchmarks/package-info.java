/** JMH benchmarks of the protocols core; run by hand from the shaded benchmarks jar. */
package org.concordat.benchmarks;
