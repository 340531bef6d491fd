/** The HTTP API at /api: JSON, errors as RFC 9457 problem details. */
@NullMarked
package org.concordat.broker.web;

import org.jspecify.annotations.NullMarked;
