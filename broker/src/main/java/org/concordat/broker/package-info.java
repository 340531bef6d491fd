/** The Concordat broker: the Spring Boot service that runs the disclosure pipeline. */
@NullMarked
package org.concordat.broker;

import org.jspecify.annotations.NullMarked;
