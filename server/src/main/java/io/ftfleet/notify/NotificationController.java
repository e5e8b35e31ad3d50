package io.ftfleet.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.core.ApiException;
import io.ftfleet.core.AuditableEvent;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.core.SecretBox;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert channels and their deliveries. Every user manages their own channels; admins see everyone's (and their own
 * channels hear of every bot). Secrets are write-only: a response says only whether each is set.
 */
@RestController
@RequestMapping("/api/v1/notifications")
@Tag(name = "notifications")
class NotificationController {

    static final Set<String> EVENT_TYPES = Set.of("bot.down", "bot.recovered", "bot.crash_loop", "bot.start_failed",
            "bot.unreachable", "bot.restart_scheduled", "job.finished", "job.failed", "risk.drawdown_guard_tripped",
            "trading.disabled", "trading.rearmed", "server.started", "trade.opened", "trade.closed", "poller.lagging",
            "poller.recovered");
    private static final Set<String> STATUSES = Set.of("pending", "sending", "sent", "dead", "coalesced");

    record ChannelRequest(String type, String name, String url, String secret, String botToken, String chatId,
            Long messageThreadId, List<String> events, List<Long> botIds, List<String> tags, String minSeverity,
            Boolean enabled, QuietHoursBody quietHours) {
    }

    /** {@code start}/{@code end} as {@code HH:mm}, {@code zone} an IANA zone (default UTC). */
    record QuietHoursBody(String start, String end, String zone) {
    }

    record ChannelResponse(long id, long ownerId, String type, String name, boolean urlSet, boolean secretSet,
            boolean botTokenSet, String chatId, Long messageThreadId, List<String> events, List<Long> botIds,
            List<String> tags, String minSeverity, boolean enabled, QuietHoursBody quietHours, Instant createdAt,
            Instant updatedAt) {
    }

    record DeliveryResponse(long id, long channelId, String channelType, String eventId, String eventType,
            String severity, Long botId, String status, int attempts, Instant nextAttemptAt, String lastError,
            Instant createdAt, Instant sentAt) {
    }

    record TestResponse(boolean sent, String error) {
    }

    record ChannelChanged(String action, long channelId, Map<String, Object> after) implements AuditableEvent {
        @Override
        public String targetType() {
            return "notification_channel";
        }

        @Override
        public String targetId() {
            return Long.toString(channelId);
        }
    }

    private final NotifyStore store;
    private final SecretBox box;
    private final BotDirectory bots;
    private final Dispatcher dispatcher;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NotificationController(NotifyStore store, SecretBox box, BotDirectory bots, Dispatcher dispatcher,
            ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.box = box;
        this.bots = bots;
        this.dispatcher = dispatcher;
        this.events = events;
        this.clock = clock;
    }

    @Operation(summary = "The caller's alert channels (an admin's: everyone's)")
    @GetMapping("/channels")
    List<ChannelResponse> list(@AuthenticationPrincipal CurrentUser user) {
        return store.channels(user.isAdmin() ? null : user.id()).stream().map(NotificationController::response)
                .toList();
    }

    @Operation(summary = "Add an alert channel: webhook, telegram, discord or slack")
    @PostMapping("/channels")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    ChannelResponse create(@RequestBody ChannelRequest request, @AuthenticationPrincipal CurrentUser user) {
        Channel channel = validate(request, null, user);
        long id = store.insertChannel(channel, clock.instant());
        Channel created = store.channel(id).orElseThrow();
        events.publishEvent(new ChannelChanged("notification.channel_created", id, audit(created)));
        return response(created);
    }

    @Operation(summary = "One alert channel")
    @GetMapping("/channels/{id}")
    ChannelResponse get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return response(owned(id, user));
    }

    @Operation(summary = "Replace an alert channel's settings; secrets left out are kept")
    @PutMapping("/channels/{id}")
    @Transactional
    ChannelResponse update(@PathVariable long id, @RequestBody ChannelRequest request,
            @AuthenticationPrincipal CurrentUser user) {
        Channel existing = owned(id, user);
        store.updateChannel(validate(request, existing, user), clock.instant());
        Channel updated = store.channel(id).orElseThrow();
        events.publishEvent(new ChannelChanged("notification.channel_updated", id, audit(updated)));
        return response(updated);
    }

    @Operation(summary = "Remove an alert channel and its deliveries")
    @DeleteMapping("/channels/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        owned(id, user);
        store.deleteChannel(id);
        events.publishEvent(new ChannelChanged("notification.channel_deleted", id, null));
    }

    @Operation(summary = "Send a test message to the channel now; says whether the receiver took it")
    @PostMapping("/channels/{id}/test")
    TestResponse test(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        Channel channel = owned(id, user);
        Alert alert = new Alert(Outbox.newId(), "test", Severity.INFO, clock.instant(), null, Alert.Audience.admins(),
                Map.of("channel", channel.name()), "🔔 Test message from FT Fleet to '" + channel.name() + "'");
        Senders.Outcome outcome = dispatcher.sendNow(channel, alert);
        return new TestResponse(outcome.ok(), outcome.error());
    }

    @Operation(summary = "Recent alert deliveries of the caller's channels, newest first, with status and last error")
    @GetMapping("/deliveries")
    List<DeliveryResponse> deliveries(@RequestParam(name = "channel_id", required = false) Long channelId,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "100") int limit,
            @AuthenticationPrincipal CurrentUser user) {
        List<FieldViolation> bad = new ArrayList<>();
        if (status != null && !STATUSES.contains(status)) {
            bad.add(new FieldViolation("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList())));
        }
        if (limit < 1 || limit > 1000) {
            bad.add(new FieldViolation("limit", "must be between 1 and 1000"));
        }
        if (!bad.isEmpty()) {
            throw ApiException.invalid("Invalid query", bad);
        }
        List<Long> channels = channelId != null ? List.of(owned(channelId, user).id())
                : store.channels(user.isAdmin() ? null : user.id()).stream().map(Channel::id).toList();
        return store.deliveries(channels, status, limit).stream()
                .map(d -> new DeliveryResponse(d.id(), d.channelId(), d.channelType(), d.eventId(), d.eventType(),
                        d.severity(), d.botId(), d.status(), d.attempts(), d.nextAttemptAt(), d.lastError(),
                        d.createdAt(), d.sentAt()))
                .toList();
    }

    /** Someone else's channel is not found, not forbidden: its existence is none of the caller's business. */
    private Channel owned(long id, CurrentUser user) {
        return store.channel(id).filter(c -> user.isAdmin() || c.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("channel_not_found", "No alert channel " + id));
    }

    private Channel validate(ChannelRequest r, Channel existing, CurrentUser user) {
        List<FieldViolation> bad = new ArrayList<>();
        String type = r.type();
        if (type == null || !Channel.TYPES.contains(type)) {
            bad.add(new FieldViolation("type", "must be one of webhook, telegram, discord, slack"));
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            bad.add(new FieldViolation("name", "must be 1 to 100 characters"));
        }
        // Secrets left out of an update are kept, unless the type changes (they belong to the old kind of channel).
        boolean keep = existing != null && existing.type().equals(type);
        String urlSealed = keep ? existing.urlSealed() : null;
        String secretSealed = keep ? existing.secretSealed() : null;
        String tokenSealed = keep ? existing.botTokenSealed() : null;
        String chatId = null;
        Long threadId = null;
        if ("webhook".equals(type) || "discord".equals(type) || "slack".equals(type)) {
            if (r.url() != null) {
                String problem = urlProblem(r.url());
                if (problem != null) {
                    bad.add(new FieldViolation("url", problem));
                } else {
                    urlSealed = box.encrypt(r.url());
                }
            } else if (urlSealed == null) {
                bad.add(new FieldViolation("url", "is required for a " + type + " channel"));
            }
        }
        if ("webhook".equals(type)) {
            if (r.secret() != null) {
                if (r.secret().length() < 16 || r.secret().length() > 200) {
                    bad.add(new FieldViolation("secret", "must be 16 to 200 characters"));
                } else {
                    secretSealed = box.encrypt(r.secret());
                }
            } else if (secretSealed == null) {
                bad.add(new FieldViolation("secret", "is required: webhook bodies are signed with it"));
            }
        }
        if ("telegram".equals(type)) {
            if (r.botToken() != null) {
                if (!r.botToken().matches("\\d{1,20}:[A-Za-z0-9_-]{10,100}")) {
                    bad.add(new FieldViolation("bot_token", "must look like 123456:ABC-DEF..."));
                } else {
                    tokenSealed = box.encrypt(r.botToken());
                }
            } else if (tokenSealed == null) {
                bad.add(new FieldViolation("bot_token", "is required for a telegram channel"));
            }
            if (r.chatId() == null || !r.chatId().matches("-?\\d{1,20}|@[A-Za-z0-9_]{5,64}")) {
                bad.add(new FieldViolation("chat_id", "must be a numeric chat id or @channelname"));
            } else {
                chatId = r.chatId();
            }
            if (r.messageThreadId() != null && r.messageThreadId() < 1) {
                bad.add(new FieldViolation("message_thread_id", "must be positive"));
            }
            threadId = r.messageThreadId();
        }
        List<String> eventTypes = r.events() == null ? List.of("*") : List.copyOf(r.events());
        if (eventTypes.isEmpty()) {
            bad.add(new FieldViolation("events", "must name at least one event type, or \"*\" for all"));
        }
        for (int i = 0; i < eventTypes.size(); i++) {
            String e = eventTypes.get(i);
            if (e == null || (!e.equals("*") && !EVENT_TYPES.contains(e))) {
                bad.add(new FieldViolation("events[" + i + "]", "unknown event type; one of "
                        + String.join(", ", EVENT_TYPES.stream().sorted().toList()) + " or *"));
            }
        }
        if (r.botIds() != null) {
            for (int i = 0; i < r.botIds().size(); i++) {
                Long botId = r.botIds().get(i);
                // Someone else's bot reads as missing: the caller must not learn which ids exist.
                if (botId == null || bots.find(botId).filter(b -> user.isAdmin() || b.ownerId() == user.id()).isEmpty()) {
                    bad.add(new FieldViolation("bot_ids[" + i + "]", "no such bot"));
                }
            }
        }
        if (r.tags() != null) {
            for (int i = 0; i < r.tags().size(); i++) {
                String tag = r.tags().get(i);
                if (tag == null || tag.isBlank() || tag.length() > 64) {
                    bad.add(new FieldViolation("tags[" + i + "]", "must be 1 to 64 characters"));
                }
            }
        }
        Severity min = r.minSeverity() == null ? Severity.INFO : Severity.parse(r.minSeverity());
        if (min == null) {
            bad.add(new FieldViolation("min_severity", "must be one of info, warning, critical"));
        }
        Channel.QuietHours quiet = null;
        if (r.quietHours() != null) {
            java.time.LocalTime start = time(r.quietHours().start(), "quiet_hours.start", bad);
            java.time.LocalTime end = time(r.quietHours().end(), "quiet_hours.end", bad);
            java.time.ZoneId zone = java.time.ZoneOffset.UTC;
            if (r.quietHours().zone() != null) {
                try {
                    zone = java.time.ZoneId.of(r.quietHours().zone());
                } catch (java.time.DateTimeException e) {
                    bad.add(new FieldViolation("quiet_hours.zone", "must be a time zone such as Europe/Berlin"));
                }
            }
            if (start != null && end != null) {
                quiet = new Channel.QuietHours(start, end, zone);
            }
        }
        if (!bad.isEmpty()) {
            throw ApiException.invalid("Invalid alert channel", bad);
        }
        Instant now = clock.instant();
        return new Channel(existing == null ? 0 : existing.id(), existing == null ? user.id() : existing.ownerId(),
                type, r.name().trim(), urlSealed, secretSealed, tokenSealed, chatId, threadId, eventTypes,
                r.botIds() == null ? null : List.copyOf(r.botIds()), r.tags() == null ? null : List.copyOf(r.tags()),
                min, r.enabled() == null || r.enabled(), quiet, existing == null ? now : existing.createdAt(), now);
    }

    private static java.time.LocalTime time(String value, String field, List<FieldViolation> bad) {
        if (value != null && value.matches("\\d{2}:\\d{2}")) {
            try {
                return java.time.LocalTime.parse(value);
            } catch (java.time.format.DateTimeParseException e) {
                // reported below
            }
        }
        bad.add(new FieldViolation(field, "must be a time of day as HH:mm"));
        return null;
    }

    static String urlProblem(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "is not a URL";
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase())) {
            return "must be an http or https URL";
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return "must name a host and no user:password";
        }
        return url.length() > 2000 ? "must be at most 2000 characters" : null;
    }

    static ChannelResponse response(Channel c) {
        return new ChannelResponse(c.id(), c.ownerId(), c.type(), c.name(), c.urlSealed() != null,
                c.secretSealed() != null, c.botTokenSealed() != null, c.chatId(), c.messageThreadId(), c.events(),
                c.botIds(), c.tags(), c.minSeverity().value(), c.enabled(),
                c.quietHours() == null ? null : new QuietHoursBody(c.quietHours().start().toString(),
                        c.quietHours().end().toString(), c.quietHours().zone().getId()),
                c.createdAt(), c.updatedAt());
    }

    private static Map<String, Object> audit(Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("owner_id", c.ownerId());
        m.put("type", c.type());
        m.put("name", c.name());
        m.put("events", c.events());
        m.put("bot_ids", c.botIds());
        m.put("tags", c.tags());
        m.put("min_severity", c.minSeverity().value());
        m.put("enabled", c.enabled());
        m.put("quiet_hours", c.quietHours() == null ? null : c.quietHours().start() + "-" + c.quietHours().end() + " "
                + c.quietHours().zone().getId());
        return m;
    }
}
