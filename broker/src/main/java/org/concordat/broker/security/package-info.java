/** Who the current request is: the authenticated partner system or person. */
@NullMarked
package org.concordat.broker.security;

import org.jspecify.annotations.NullMarked;
