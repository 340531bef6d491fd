/**
 * The command line: the broker jar with a command runs it instead of serving ({@code java -jar
 * concordat-broker.jar protocol validate FILE}). Commands start no Spring context.
 */
@NullMarked
package org.concordat.broker.cli;

import org.jspecify.annotations.NullMarked;
