/** The person a record is about: NHS number validation and the keyed subject hash. */
@NullMarked
package org.concordat.protocols.subject;

import org.jspecify.annotations.NullMarked;
