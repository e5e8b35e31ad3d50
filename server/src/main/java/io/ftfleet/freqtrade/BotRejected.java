package io.ftfleet.freqtrade;

/**
 * The bot answered with an error status. {@link #botMessage()} is Freqtrade's own text from its error envelope
 * (contract 1.5): {@code error} for RPC failures (502, e.g. {@code "Error querying /api/v1/count: trader is not
 * running"}), {@code detail} for HTTP errors (404, 422, 503...).
 */
public final class BotRejected extends BotCallFailed {

    private final int status;
    private final String botMessage;

    BotRejected(String call, int status, String botMessage) {
        super(call + " refused by the bot (HTTP " + status + "): " + botMessage, null);
        this.status = status;
        this.botMessage = botMessage;
    }

    /** The HTTP status; 200 when the bot answered "OK" with a refusal in the body (forceenter). */
    public int status() {
        return status;
    }

    public String botMessage() {
        return botMessage;
    }
}
