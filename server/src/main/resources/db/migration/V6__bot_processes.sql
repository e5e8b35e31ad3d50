-- Where each bot runs and how to reach it. Kept so a restarted server can re-adopt live bots instead of
-- starting them twice. API credentials are generated per bot and stored encrypted.
CREATE TABLE bot_processes (
    bot_id           BIGINT        PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    kind             VARCHAR(16)   NOT NULL,
    pid              BIGINT,
    port             INTEGER,
    base_url         VARCHAR(500),
    command_line     VARCHAR(4000),
    api_username     VARCHAR(100)  NOT NULL,
    api_password_enc VARCHAR(1000) NOT NULL,
    jwt_secret_enc   VARCHAR(1000),
    ws_token_enc     VARCHAR(1000),
    supervised       BOOLEAN       NOT NULL,
    restart_policy   VARCHAR(16)   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    last_exit_code   INTEGER,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
