/**
 * Login, JWT access tokens and rotating refresh tokens, API-key authentication, login lockout, rate limits, CORS
 * and the security filter chain.
 */
package io.ftfleet.auth;
