package io.ftfleet.bot.config;

/** Which config the validator looks at. */
public enum ValidationMode {
    /**
     * The config stored in the registry (create/update time). Runtime-only values the server
     * fills at start — api_server listen_port/username/password/jwt_secret_key/ws_token,
     * exchange key/secret/password, db_url, freqaimodel-from-CLI — are not required, but are
     * type-checked when present.
     */
    STORED,
    /**
     * The config about to be written to the bot's config.json and passed to {@code freqtrade trade}:
     * everything Freqtrade needs in dry_run/live mode plus FT Fleet's start rules (REST API enabled with
     * credentials and a non-default jwt_secret_key, own db_url, exchange credentials for live trading,
     * {@code freqaimodel} when FreqAI is enabled).
     */
    START
}
