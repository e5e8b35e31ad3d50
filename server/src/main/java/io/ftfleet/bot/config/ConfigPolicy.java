package io.ftfleet.bot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user may put into a bot's config overrides, and which of it is secret.
 *
 * <p><b>Allow-list.</b> Overrides reach a process that runs the user's strategy with the server's choice of paths,
 * database and API: a key that names a path, includes other files, moves the database or the API, or changes how
 * Freqtrade finds code ({@code add_config_files}, {@code strategy_path}, {@code user_data_dir}, {@code db_url},
 * {@code api_server}, ...) would let a user reach what is not theirs. So only Freqtrade's trading settings are
 * accepted ({@link #ALLOWED}, names from Freqtrade's config schema); anything else is refused with its path.
 *
 * <p><b>Secrets.</b> Keys that carry credentials by Freqtrade's schema are taken out of the overrides into a
 * separate secret-only tree (stored encrypted, deep-merged back only when the bot is launched): inside
 * {@code exchange} (at any depth, so also {@code ccxt_config}/{@code ccxt_async_config}) every key naming a key,
 * secret, password, token, uid, private key, wallet address, login or 2FA code; {@code telegram.token} and
 * {@code telegram.chat_id}; {@code webhook.url} and {@code discord.webhook_url} (their URLs embed a token); and
 * anywhere a key whose name contains {@code secret}, {@code password} or {@code token}. A secret inside a list
 * (e.g. {@code external_message_consumer.producers[].ws_token}) takes the whole list with it, as lists are replaced,
 * not merged. Booleans are never secret.
 */
public final class ConfigPolicy {

    /** A stored secret shown or echoed back: keeps the stored value. */
    public static final String MASK = ConfigMasker.MASK;

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    /** Top-level keys a user may set (Freqtrade's config schema, trading and notification settings). */
    static final Set<String> ALLOWED = Set.of("max_open_trades", "stake_currency", "stake_amount",
            "tradable_balance_ratio", "available_capital", "amend_last_stake_amount", "last_stake_amount_min_ratio",
            "amount_reserve_percent", "dry_run", "dry_run_wallet", "cancel_open_orders_on_exit",
            "process_only_new_candles", "minimal_roi", "stoploss", "trailing_stop", "trailing_stop_positive",
            "trailing_stop_positive_offset", "trailing_only_offset_is_reached", "use_exit_signal", "exit_profit_only",
            "exit_profit_offset", "ignore_roi_if_entry_signal", "ignore_buying_expired_candle_after", "trading_mode",
            "margin_mode", "liquidation_buffer", "futures_funding_rate", "timeframe", "fiat_display_currency",
            "unfilledtimeout", "entry_pricing", "exit_pricing", "order_types", "order_time_in_force", "exchange",
            "pairlists", "protections", "telegram", "webhook", "discord", "external_message_consumer", "freqai",
            "freqaimodel", "force_entry_enable", "position_adjustment_enable", "max_entry_position_adjustment",
            "internals", "dataformat_ohlcv", "dataformat_trades", "reduce_df_footprint", "disable_dataframe_checks",
            "strategy", "edge", "use_sell_signal", "sell_profit_only", "sell_profit_offset",
            "ignore_roi_if_buy_signal", "startup_candle_count", "fee", "enable_protections", "backtest_breakdown");

    /** Keys inside {@code exchange} a user may set (credentials among them are taken out as secrets first). */
    static final Set<String> ALLOWED_EXCHANGE = Set.of("name", "key", "secret", "password", "uid", "privateKey",
            "walletAddress", "pair_whitelist", "pair_blacklist", "ccxt_config", "ccxt_async_config",
            "ccxt_sync_config", "enable_ws", "markets_refresh_interval", "skip_open_order_update", "unknown_fee_rate",
            "log_responses", "only_from_ccxt", "outdated_offset", "skip_pair_validation");

    /** Keys inside {@code internals} (not {@code sd_notify}'s socket: the process gets no NOTIFY_SOCKET anyway). */
    static final Set<String> ALLOWED_INTERNALS = Set.of("process_throttle_secs", "heartbeat_interval", "sd_notify");

    /** Keys the server sets itself (they are dropped when sent back unchanged, refused when changed). */
    public static final Set<String> SERVER_OWNED = Set.of("api_server", "db_url", "bot_name", "initial_state");

    /** Why a known key is refused: it names a path or changes how and where Freqtrade runs. */
    private static final Set<String> EXECUTION = Set.of("add_config_files", "strategy_path", "user_data_dir",
            "datadir", "recursive_strategy_search", "freqaimodel_path", "logfile", "export", "exportfilename",
            "exportdirectory", "hyperopt_path", "hyperoptexportfilename", "config", "runmode", "original_config",
            "command", "verbosity", "pairs_file", "strategy_list");

    private ConfigPolicy() {
    }

    /** Every key of {@code overrides} a user may not set, with why; empty when all are allowed. */
    public static List<ConfigViolation> refused(JsonNode overrides) {
        List<ConfigViolation> out = new ArrayList<>();
        if (overrides == null || !overrides.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : overrides.properties()) {
            String key = e.getKey();
            if (SERVER_OWNED.contains(key)) {
                out.add(new ConfigViolation(key, "is set by the server and cannot be overridden"));
            } else if (EXECUTION.contains(key)) {
                out.add(new ConfigViolation(key, "names a path or changes how Freqtrade runs: not settable"));
            } else if (!ALLOWED.contains(key)) {
                out.add(new ConfigViolation(key, "is not a Freqtrade setting a bot's config may override"));
            } else if (key.equals("exchange") && e.getValue().isObject()) {
                for (String k : e.getValue().propertyNames()) {
                    if (!ALLOWED_EXCHANGE.contains(k)) {
                        out.add(new ConfigViolation("exchange." + k, "is not an exchange setting a bot may override"));
                    }
                }
            } else if (key.equals("internals") && e.getValue().isObject()) {
                for (String k : e.getValue().propertyNames()) {
                    if (!ALLOWED_INTERNALS.contains(k)) {
                        out.add(new ConfigViolation("internals." + k, "is not settable"));
                    }
                }
            } else if (key.equals("pairlists") && e.getValue().isArray()) {
                int i = 0;
                for (JsonNode pairlist : e.getValue()) {
                    JsonNode url = pairlist.path("pairlist_url");
                    if (url.isString() && !url.stringValue().matches("(?i)https?://.+")) {
                        // RemotePairList also reads file:// URLs: a path on the server.
                        out.add(new ConfigViolation("pairlists[" + i + "].pairlist_url", "must be an http(s) URL"));
                    }
                    i++;
                }
            }
        }
        return out;
    }

    /**
     * Moves every secret-bearing value out of {@code overrides} (which is changed) into the returned secret-only
     * tree, at the same path. A value equal to {@link #MASK} is the echo of a stored secret: it is taken from
     * {@code stored} at the same path (dropped when none is stored); an empty string or null clears the secret.
     */
    public static ObjectNode extractSecrets(ObjectNode overrides, JsonNode stored) {
        ObjectNode secrets = NF.objectNode();
        extract(overrides, secrets, stored == null ? NF.missingNode() : stored, "");
        return secrets;
    }

    private static void extract(ObjectNode node, ObjectNode secrets, JsonNode stored, String path) {
        for (String name : List.copyOf(node.propertyNames())) {
            JsonNode value = node.get(name);
            String here = path + name;
            if (value.isBoolean()) {
                continue;
            }
            if (isSecret(here, name) || (value.isArray() && containsSecret(value, here))) {
                node.remove(name);
                JsonNode kept = value.isString() && value.stringValue().equals(MASK) ? stored.get(name) : value;
                if (kept != null && !kept.isNull() && !(kept.isString() && kept.stringValue().isEmpty())
                        && !kept.isMissingNode()) {
                    secrets.set(name, kept.deepCopy());
                }
            } else if (value.isObject()) {
                ObjectNode sub = NF.objectNode();
                extract((ObjectNode) value, sub, stored.path(name), here + ".");
                if (!sub.isEmpty()) {
                    secrets.set(name, sub);
                }
            }
        }
    }

    private static boolean containsSecret(JsonNode node, String path) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if ((!e.getValue().isBoolean() && isSecret(path + "." + e.getKey(), e.getKey()))
                        || containsSecret(e.getValue(), path + "." + e.getKey())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsSecret(element, path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the key at {@code path} (dotted, from the config's top) carries a credential. */
    static boolean isSecret(String path, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("secret") || n.contains("password") || n.contains("token")) {
            return true;
        }
        if (path.startsWith("exchange.") || path.startsWith("api_server.")) {
            return n.contains("key") || n.equals("uid") || n.contains("privatekey") || n.contains("walletaddress")
                    || n.equals("login") || n.equals("twofa");
        }
        return path.equals("telegram.chat_id") || path.equals("webhook.url") || path.equals("discord.webhook_url");
    }

    /** The dotted paths of a secret tree's values, sorted (for {@code config_secrets_set} and the audit trail). */
    public static List<String> paths(JsonNode secrets) {
        TreeSet<String> out = new TreeSet<>();
        collect(secrets, "", out);
        return List.copyOf(out);
    }

    private static void collect(JsonNode node, String path, Set<String> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                collect(e.getValue(), path + e.getKey() + ".", out);
            } else {
                out.add(path + e.getKey());
            }
        }
    }

    /** The same tree with every secret value replaced by {@link #MASK}. */
    public static ObjectNode masked(JsonNode secrets) {
        ObjectNode out = NF.objectNode();
        if (secrets != null && secrets.isObject()) {
            for (Map.Entry<String, JsonNode> e : secrets.properties()) {
                out.set(e.getKey(), e.getValue().isObject() && !e.getValue().isEmpty() ? masked(e.getValue())
                        : NF.stringNode(MASK));
            }
        }
        return out;
    }

    /** The secret tree with string values replaced by {@link #MASK}, other types kept: for type checks only. */
    public static ObjectNode typeShaped(JsonNode secrets) {
        if (secrets == null || !secrets.isObject()) {
            return NF.objectNode();
        }
        ObjectNode out = NF.objectNode();
        for (Map.Entry<String, JsonNode> e : secrets.properties()) {
            out.set(e.getKey(), shape(e.getValue()));
        }
        return out;
    }

    private static JsonNode shape(JsonNode value) {
        if (value.isString()) {
            return NF.stringNode(MASK);
        }
        if (value.isObject()) {
            return typeShaped(value);
        }
        if (value.isArray()) {
            ArrayNode a = NF.arrayNode();
            value.forEach(v -> a.add(shape(v)));
            return a;
        }
        return value.isNumber() ? NF.numberNode(0) : value;
    }
}
