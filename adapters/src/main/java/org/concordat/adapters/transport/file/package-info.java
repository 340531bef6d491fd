/**
 * The file-drop transport: route templates that watch a partner's {@code in/} folder and write to
 * its {@code out/} and {@code quarantine/} folders.
 */
@NullMarked
package org.concordat.adapters.transport.file;

import org.jspecify.annotations.NullMarked;
