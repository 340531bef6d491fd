/** The disclosure pipeline: receive, understand, decide, minimise, translate, record, deliver. */
@NullMarked
package org.concordat.broker.pipeline;

import org.jspecify.annotations.NullMarked;
