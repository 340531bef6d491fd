/** The person a record is about: NHS number validation and the broker's lookup key. */
@NullMarked
package org.concordat.protocols.subject;

import org.jspecify.annotations.NullMarked;
