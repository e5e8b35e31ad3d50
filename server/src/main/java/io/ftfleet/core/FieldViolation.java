package io.ftfleet.core;

/** One bad input field of a 422: {@code field} is a dotted path such as {@code exchange.pair_whitelist}. */
public record FieldViolation(String field, String message) {
}
