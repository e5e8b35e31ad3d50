package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiExceptionHandlerTests {

    @Test
    void namesFieldsInTheApisSnakeCase() {
        assertThat(ApiExceptionHandler.snake("fullName")).isEqualTo("full_name");
        assertThat(ApiExceptionHandler.snake("maxOpenTrades")).isEqualTo("max_open_trades");
        assertThat(ApiExceptionHandler.snake("name")).isEqualTo("name");
    }

    @Test
    void acceptsOnlyWellFormedRequestIds() {
        assertThat(RequestIds.acceptOrCreate("req-1.2:3")).isEqualTo("req-1.2:3");
        assertThat(RequestIds.acceptOrCreate("x".repeat(65))).hasSize(36);
        assertThat(RequestIds.acceptOrCreate("with space")).hasSize(36);
        assertThat(RequestIds.acceptOrCreate(null)).hasSize(36);
    }
}
