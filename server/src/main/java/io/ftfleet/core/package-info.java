/**
 * Shared kernel: errors (ProblemDetail with stable codes), request ids, the data directory, ops endpoints
 * (health, info, docs). Every other module may use the public types here; nothing here depends on them.
 */
package io.ftfleet.core;
