-- Secret-bearing keys of a bot's config overrides (telegram token, webhook URLs, ccxt credentials, ...) are kept
-- here, encrypted as one JSON tree (SecretBox), never in config_overrides. Existing plain values are moved on the
-- first start after this migration by the bot registry (it needs the master key, which SQL does not have).
ALTER TABLE bots ADD COLUMN config_secrets_enc VARCHAR(200000);
