/**
 * Security at the HTTP edge: who the caller is (partner or person), sign-in and its throttle, the
 * path firewall, body limits and refusal answers.
 */
@NullMarked
package org.concordat.broker.security;

import org.jspecify.annotations.NullMarked;
