package io.ftfleet.freqtrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * One message from a bot's websocket (contract 2.3). Most types are flat objects ({@code status}, {@code entry_fill},
 * ...); {@code whitelist}, {@code analyzed_df} and {@code new_candle} wrap their payload in {@code data}. The raw
 * JSON is always available; the helpers read the common types.
 */
public final class BotMessage {

    public static final String STATUS = "status";
    public static final String WARNING = "warning";
    public static final String EXCEPTION = "exception";
    public static final String STARTUP = "startup";
    public static final String ENTRY = "entry";
    public static final String ENTRY_FILL = "entry_fill";
    public static final String ENTRY_CANCEL = "entry_cancel";
    public static final String EXIT = "exit";
    public static final String EXIT_FILL = "exit_fill";
    public static final String EXIT_CANCEL = "exit_cancel";
    public static final String WHITELIST = "whitelist";
    public static final String ANALYZED_DF = "analyzed_df";
    public static final String NEW_CANDLE = "new_candle";

    /** {@code RPCMessageType} values: the only names a subscribe request may hold. */
    public static final Set<String> TYPES = Set.of(STATUS, WARNING, EXCEPTION, STARTUP, ENTRY, ENTRY_FILL,
            ENTRY_CANCEL, EXIT, EXIT_FILL, EXIT_CANCEL, "protection_trigger", "protection_trigger_global",
            "strategy_msg", WHITELIST, ANALYZED_DF, NEW_CANDLE);

    private static final Set<String> STATUS_LIKE = Set.of(STATUS, WARNING, EXCEPTION, STARTUP);

    private final String type;
    private final JsonNode json;
    private final ObjectMapper mapper;

    BotMessage(String type, JsonNode json, ObjectMapper mapper) {
        this.type = type;
        this.json = json;
        this.mapper = mapper;
    }

    public String type() {
        return type;
    }

    /** The whole frame as the bot sent it. */
    public JsonNode json() {
        return json;
    }

    /** The {@code data} member of wrapped types, or a missing node. */
    public JsonNode data() {
        return json.path("data");
    }

    /**
     * The text of a {@code status}/{@code warning}/{@code exception}/{@code startup} message, e.g. {@code running},
     * {@code stopped}, {@code config reloaded}, {@code process died}. An {@code exception} reply to a request carries
     * its text in {@code data} instead.
     */
    public Optional<String> status() {
        if (!STATUS_LIKE.contains(type)) {
            return Optional.empty();
        }
        JsonNode text = json.has("status") ? json.get("status") : json.get("data");
        return text == null || !text.isString() ? Optional.empty() : Optional.of(text.asString());
    }

    /** For {@code entry}, {@code entry_fill} and {@code entry_cancel}. */
    public Optional<EntryMessage> entry() {
        return type.startsWith("entry") ? Optional.of(as(EntryMessage.class)) : Optional.empty();
    }

    /** For {@code exit}, {@code exit_fill} and {@code exit_cancel}. */
    public Optional<ExitMessage> exit() {
        return type.startsWith("exit") ? Optional.of(as(ExitMessage.class)) : Optional.empty();
    }

    /** The pairs of a {@code whitelist} message. */
    public Optional<List<String>> whitelist() {
        if (!WHITELIST.equals(type) || !data().isArray()) {
            return Optional.empty();
        }
        List<String> pairs = new ArrayList<>();
        data().forEach(pair -> pairs.add(pair.asString()));
        return Optional.of(List.copyOf(pairs));
    }

    private <T> T as(Class<T> typed) {
        try {
            return mapper.treeToValue(json, typed);
        } catch (JacksonException e) {
            throw new BotResponseUnreadable("a " + type + " message does not fit " + typed.getSimpleName() + " ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "BotMessage[" + type + "]";
    }
}
