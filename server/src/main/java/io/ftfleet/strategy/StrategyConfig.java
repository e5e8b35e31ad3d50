package io.ftfleet.strategy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StrategyConfig {

    /** Thread-safe; loads the tree-sitter Python grammar once. */
    @Bean
    StrategyAnalyzer strategyAnalyzer() {
        return new StrategyAnalyzer();
    }
}
