package io.ftfleet.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.ftfleet.core.SecretBox;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one message to one channel over HTTP. A webhook gets the alert's JSON body, signed; chat channels get the
 * alerts' texts, several joined into one message when they were batched. Errors name the receiver's status, never a
 * secret (the Telegram token is in the URL, so URLs are never part of an error).
 */
@Component
class Senders {

    static final int TELEGRAM_MAX = 4096;
    static final int DISCORD_MAX = 2000;
    static final int SLACK_MAX = 3000;

    /** A delivery attempt's outcome; {@code retryAfterSeconds} when the receiver said when to come back. */
    record Outcome(boolean ok, String error, Long retryAfterSeconds) {
        static Outcome sent() {
            return new Outcome(true, null, null);
        }
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record TelegramMessage(String chatId, Long messageThreadId, String text, boolean disableWebPagePreview) {
    }

    record DiscordMessage(String content) {
    }

    record SlackMessage(String text) {
    }

    /** Made on first delivery: the JDK client starts a thread and loads the TLS trust store (a tenth of a second of
     * start-up otherwise, on a server that may never send an alert). */
    private final SingletonSupplier<HttpClient> http;
    private final SecretBox box;
    private final JsonMapper json;
    private final NotifyProperties settings;
    private final Clock clock;

    Senders(SecretBox box, JsonMapper json, NotifyProperties settings, Clock clock) {
        this.box = box;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build());
    }

    /** One webhook delivery: {@code body} is the stored alert JSON, sent byte for byte as signed. */
    Outcome webhook(Channel channel, String eventId, String body) {
        long t = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(box.decrypt(channel.urlSealed())))
                .header("Content-Type", "application/json").header("X-FtFleet-Event-Id", eventId)
                .header("User-Agent", "ftfleet-notify");
        if (channel.secretSealed() != null) {
            request.header("X-FtFleet-Signature",
                    "t=" + t + ",v1=" + sign(box.decrypt(channel.secretSealed()), t + "." + body));
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** A chat message made of one or more alert texts. */
    Outcome chat(Channel channel, List<String> texts) {
        return switch (channel.type()) {
            case "telegram" -> send(post(URI.create(telegramBase() + "/bot" + box.decrypt(channel.botTokenSealed())
                    + "/sendMessage"), new TelegramMessage(channel.chatId(), channel.messageThreadId(),
                            join(texts, TELEGRAM_MAX), true)));
            case "discord" -> send(post(URI.create(box.decrypt(channel.urlSealed())),
                    new DiscordMessage(join(texts, DISCORD_MAX))));
            case "slack" -> send(post(URI.create(box.decrypt(channel.urlSealed())),
                    new SlackMessage(join(texts, SLACK_MAX))));
            default -> throw new IllegalArgumentException("not a chat channel: " + channel.type());
        };
    }

    /** How many of these texts fit one message of this channel (at least one: a long one is cut). */
    static int fitting(String type, List<String> texts) {
        int max = switch (type) {
            case "telegram" -> TELEGRAM_MAX;
            case "discord" -> DISCORD_MAX;
            default -> SLACK_MAX;
        };
        int length = 0;
        for (int i = 0; i < texts.size(); i++) {
            length += texts.get(i).length() + (i == 0 ? 0 : 2);
            if (length > max) {
                return Math.max(1, i);
            }
        }
        return texts.size();
    }

    static String join(List<String> texts, int max) {
        String joined = String.join("\n\n", texts);
        return joined.length() <= max ? joined : joined.substring(0, max - 1) + "…";
    }

    static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String telegramBase() {
        String base = settings.telegram().baseUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private HttpRequest.Builder post(URI uri, Object message) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("User-Agent", "ftfleet-notify")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message), StandardCharsets.UTF_8));
    }

    private Outcome send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.obtain().send(request.timeout(settings.requestTimeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.sent();
            }
            Long retryAfter = response.headers().firstValue("Retry-After").flatMap(Senders::seconds).orElse(null);
            return new Outcome(false, "receiver answered HTTP " + status, retryAfter);
        } catch (IOException e) {
            return new Outcome(false, "receiver unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted", null);
        }
    }

    private static java.util.Optional<Long> seconds(String value) {
        try {
            return java.util.Optional.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
