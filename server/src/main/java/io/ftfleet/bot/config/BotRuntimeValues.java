package io.ftfleet.bot.config;

/**
 * Values the server only supplies when it starts a bot. They are applied after the user
 * overrides, so the server always controls port, credentials and database location.
 * A {@code null} component is not written (the stored/overridden value, if any, stays).
 *
 * @param listenIpAddress  {@code api_server.listen_ip_address} ({@code null} = 127.0.0.1)
 * @param listenPort       {@code api_server.listen_port}, 1024–65535
 * @param apiUsername      {@code api_server.username}
 * @param apiPassword      {@code api_server.password}
 * @param jwtSecretKey     {@code api_server.jwt_secret_key} (Freqtrade's default "super-secret" is unsafe)
 * @param wsToken          {@code api_server.ws_token}
 * @param exchangeKey      {@code exchange.key}
 * @param exchangeSecret   {@code exchange.secret}
 * @param exchangePassword {@code exchange.password}
 * @param dbUrl            {@code db_url}, one database per bot (contract 9.1)
 */
public record BotRuntimeValues(
        String listenIpAddress,
        Integer listenPort,
        String apiUsername,
        String apiPassword,
        String jwtSecretKey,
        String wsToken,
        String exchangeKey,
        String exchangeSecret,
        String exchangePassword,
        String dbUrl) {

    @Override
    public String toString() {
        // never leak secrets through logging
        return "BotRuntimeValues[listenIpAddress=" + listenIpAddress + ", listenPort=" + listenPort
                + ", apiUsername=" + apiUsername + ", apiPassword=***, jwtSecretKey=***, wsToken=***"
                + ", exchangeKey=***, exchangeSecret=***, exchangePassword=***, dbUrl="
                + ConfigMasker.maskDbUrl(dbUrl) + "]";
    }
}
