/**
 * The national data opt-out through NHS England's Check for National Data Opt-outs service: the
 * cohort file of NHS numbers an organisation submits over MESH, the file the service returns with
 * the opted-out people removed, and what comparing the two says.
 */
@NullMarked
package org.concordat.adapters.optout;

import org.jspecify.annotations.NullMarked;
