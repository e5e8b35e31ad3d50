package io.ftfleet.strategy;

import java.util.List;

/**
 * Which bots run a strategy. Implemented by the bot module (which depends on this one), so the strategy store can
 * refuse to delete a strategy that bots are pinned to without depending on bots itself.
 */
public interface StrategyPins {

    /** Names of the bots pinned to any version of the strategy with this class name. */
    List<String> botsPinnedTo(String className);
}
