/** Local authority formats: what a council's social care systems send and receive. */
@NullMarked
package org.concordat.adapters.la;

import org.jspecify.annotations.NullMarked;
