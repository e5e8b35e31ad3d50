package io.ftfleet.bot.config;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Freqtrade {@code stake_amount}: a number (&ge; 0.0001) or the string {@code "unlimited"}.
 *
 * @param amount the fixed stake; {@code null} means {@code "unlimited"}
 */
public record StakeAmount(BigDecimal amount) {

    public static final String UNLIMITED = "unlimited";
    /** Schema minimum of a numeric stake amount. */
    public static final BigDecimal MINIMUM = new BigDecimal("0.0001");

    public static StakeAmount unlimited() {
        return new StakeAmount(null);
    }

    public static StakeAmount of(BigDecimal amount) {
        return new StakeAmount(amount);
    }

    public static StakeAmount of(double amount) {
        return new StakeAmount(BigDecimal.valueOf(amount));
    }

    public boolean isUnlimited() {
        return amount == null;
    }

    public JsonNode toJson() {
        return isUnlimited()
                ? JsonNodeFactory.instance.stringNode(UNLIMITED)
                : JsonNodeFactory.instance.numberNode(amount);
    }
}
