/**
 * Writing what partners send into a log line safely: {@link org.concordat.adapters.logging.LogSafe}
 * escapes partner-controlled text and strips exception messages that might quote a request.
 */
@NullMarked
package org.concordat.adapters.logging;

import org.jspecify.annotations.NullMarked;
