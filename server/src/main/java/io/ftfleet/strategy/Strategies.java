package io.ftfleet.strategy;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.Secrets;
import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.UserAccount;
import io.ftfleet.user.Users;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned strategy store. Every save appends an immutable version (content hash, author, time, note, and
 * the parser's validation report); which version is current is a separate, audited choice.
 */
@Service
public class Strategies implements StrategyCatalog {

    private final StrategyRepository strategies;
    private final StrategyVersionRepository versions;
    private final StrategyAnalyzer analyzer;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<StrategyPins> pins;
    private final StrategyShareRepository shares;
    private final Users users;

    Strategies(StrategyRepository strategies, StrategyVersionRepository versions, StrategyAnalyzer analyzer,
            JsonMapper json, ApplicationEventPublisher events, Clock clock, ObjectProvider<StrategyPins> pins,
            StrategyShareRepository shares, Users users) {
        this.shares = shares;
        this.users = users;
        this.strategies = strategies;
        this.versions = versions;
        this.analyzer = analyzer;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.pins = pins;
    }

    record VersionSummary(long id, int version, String sha256, String author, Instant createdAt, String note,
            boolean valid, boolean current) {
    }

    /** A user the strategy is shared with, and how. */
    record Share(long userId, String username, String access, Instant grantedAt) {
    }

    record VersionDetail(String className, long id, int version, String sha256, String author, Instant createdAt,
            String note, boolean valid, boolean current, String code, JsonNode report) {
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Long> currentVersionId(String className) {
        return strategies.findByClassName(className).map(s -> s.currentVersionId);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean versionBelongsTo(long versionId, String className) {
        return strategies.findByClassName(className)
                .flatMap(s -> versions.findById(versionId).filter(v -> v.strategyId == s.id)).isPresent();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<VersionSource> source(long versionId) {
        return versions.findById(versionId).map(v -> new VersionSource(v.id, v.versionNumber, v.content, v.valid));
    }

    StrategyReport analyze(String code) {
        return analyzer.analyze(code == null ? "" : code);
    }

    @Transactional(readOnly = true)
    List<String> names() {
        return strategies.classNames();
    }

    @Transactional(readOnly = true)
    VersionDetail current(String className, CurrentUser user) {
        Strategy strategy = readable(className, user);
        return detail(strategy, versions.findById(strategy.currentVersionId).orElseThrow());
    }

    /**
     * Creates a strategy from its first version. Its identity is {@code className} when given, else the class
     * the parser finds; when both exist they must agree (Freqtrade resolves strategies by class name).
     */
    @Transactional
    VersionDetail create(String className, String code, String note, CurrentUser author) {
        StrategyReport report = analyze(code);
        String identity = identity(className, report);
        if (strategies.existsByClassName(identity)) {
            throw ApiException.conflict("strategy_exists", "Strategy with this name already exists");
        }
        Strategy strategy = strategies.saveAndFlush(new Strategy(identity, author.id(), clock.instant()));
        return detail(strategy, append(strategy, code, note, report, author));
    }

    /** Saves a new version and makes it current; saving the current content again changes nothing. */
    @Transactional
    VersionDetail update(String className, String code, String note, CurrentUser author) {
        Strategy strategy = editable(className, author);
        StrategyReport report = analyze(code);
        if (report.className() != null && !report.className().equals(strategy.className)) {
            throw ApiException.invalidField("code", "defines class " + report.className() + ", not "
                    + strategy.className + " (the class name is the strategy's identity)");
        }
        StrategyVersion current = versions.findById(strategy.currentVersionId).orElseThrow();
        if (current.contentSha256.equals(Secrets.sha256Hex(code))) {
            return detail(strategy, current);
        }
        return detail(strategy, append(strategy, code, note, report, author));
    }

    @Transactional
    void delete(String className, CurrentUser user) {
        Strategy strategy = load(className);
        if (!user.isAdmin() && strategy.ownerId != user.id()) {
            throw ApiException.forbidden("not_strategy_owner", "Only the strategy's owner or an admin may delete it");
        }
        List<String> bots = pins.stream().flatMap(p -> p.botsPinnedTo(className).stream()).toList();
        if (!bots.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "strategy_in_use",
                    "Strategy " + className + " is used by bots: " + String.join(", ", bots));
        }
        int count = versions.findByStrategyIdOrderByVersionNumberAsc(strategy.id).size();
        strategies.delete(strategy);
        events.publishEvent(new StrategyEvents.StrategyDeleted(className, count));
    }

    @Transactional(readOnly = true)
    List<VersionSummary> versions(String className, CurrentUser user) {
        Strategy strategy = readable(className, user);
        return versions.findByStrategyIdOrderByVersionNumberAsc(strategy.id).stream()
                .map(v -> new VersionSummary(v.id, v.versionNumber, v.contentSha256, v.authorUsername, v.createdAt,
                        v.note, v.valid, v.id.equals(strategy.currentVersionId)))
                .toList();
    }

    @Transactional(readOnly = true)
    VersionDetail version(String className, int number, CurrentUser user) {
        Strategy strategy = readable(className, user);
        return detail(strategy, loadVersion(strategy, number));
    }

    /** Unified diff (3 lines of context) from one version to another. */
    @Transactional(readOnly = true)
    String diff(String className, int from, int to, CurrentUser user) {
        Strategy strategy = readable(className, user);
        List<String> a = loadVersion(strategy, from).content.lines().toList();
        List<String> b = loadVersion(strategy, to).content.lines().toList();
        var patch = DiffUtils.diff(a, b);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(className + ".py@v" + from,
                className + ".py@v" + to, a, patch, 3));
    }

    @Transactional
    VersionDetail setCurrent(String className, int number, CurrentUser user) {
        Strategy strategy = editable(className, user);
        StrategyVersion target = loadVersion(strategy, number);
        StrategyVersion previous = versions.findById(strategy.currentVersionId).orElseThrow();
        if (!target.id.equals(previous.id)) {
            strategy.currentVersionId = target.id;
            strategy.updatedAt = clock.instant();
            events.publishEvent(new StrategyEvents.CurrentVersionChanged(className, previous.versionNumber,
                    target.versionNumber));
        }
        return detail(strategy, target);
    }

    private StrategyVersion append(Strategy strategy, String code, String note, StrategyReport report,
            CurrentUser author) {
        if (note != null && note.length() > 500) {
            throw ApiException.invalidField("note", "must be at most 500 characters");
        }
        int number = versions.lastVersionNumber(strategy.id) + 1;
        StrategyVersion version = versions.saveAndFlush(new StrategyVersion(strategy.id, number, code,
                Secrets.sha256Hex(code), author.id(), author.username(), note, report.valid(),
                json.writeValueAsString(report), clock.instant()));
        strategy.currentVersionId = version.id;
        strategy.updatedAt = clock.instant();
        events.publishEvent(new StrategyEvents.StrategyVersionPublished(strategy.className, version.id, number,
                version.contentSha256, version.valid));
        return version;
    }

    private String identity(String requested, StrategyReport report) {
        String identity = requested != null && !requested.isBlank() ? requested : report.className();
        if (identity == null) {
            String why = report.errors().isEmpty() ? "no class deriving from IStrategy"
                    : report.errors().get(0).message() + " (line " + report.errors().get(0).line() + ")";
            throw ApiException.invalidField("code", "cannot tell the strategy's class name: " + why);
        }
        StrategyNames.validateClassName(identity).ifPresent(problem -> {
            throw ApiException.invalidField("strategy_name", problem);
        });
        if (report.className() != null && !report.className().equals(identity)) {
            throw ApiException.invalidField("strategy_name", "is " + identity + " but the code defines class "
                    + report.className() + " (the class name is the strategy's identity)");
        }
        return identity;
    }

    @Transactional(readOnly = true)
    List<Share> shares(String className, CurrentUser user) {
        Strategy strategy = managed(className, user);
        return shares.findByStrategyIdOrderByUserIdAsc(strategy.id).stream().map(this::share).toList();
    }

    @Transactional(readOnly = true)
    Share share(String className, long userId, CurrentUser user) {
        Strategy strategy = managed(className, user);
        return shares.findByStrategyIdAndUserId(strategy.id, userId).map(this::share)
                .orElseThrow(() -> ApiException.notFound("share_not_found", "The strategy is not shared with this user"));
    }

    /** Shares the strategy with a user, or changes how; only its owner or an admin may. */
    @Transactional
    Share share(String className, long userId, String access, CurrentUser by) {
        Strategy strategy = managed(className, by);
        if (!StrategyShare.VIEWER.equals(access) && !StrategyShare.EDITOR.equals(access)) {
            throw ApiException.invalidField("access", "must be viewer or editor");
        }
        UserAccount target = users.findById(userId)
                .orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
        if (target.id() == strategy.ownerId) {
            throw ApiException.invalidField("user_id", "is the strategy's owner, who always has full access");
        }
        StrategyShare share = shares.findByStrategyIdAndUserId(strategy.id, userId).orElse(null);
        String before = share == null ? null : share.access;
        if (share == null) {
            share = shares.saveAndFlush(new StrategyShare(strategy.id, userId, access, by.id(), clock.instant()));
        } else if (!share.access.equals(access)) {
            share.access = access;
            share.grantedBy = by.id();
            share.grantedAt = clock.instant();
        }
        if (!access.equals(before)) {
            events.publishEvent(new StrategyEvents.StrategyShared(className, userId, target.username(), before, access));
        }
        return share(share);
    }

    @Transactional
    void unshare(String className, long userId, CurrentUser by) {
        Strategy strategy = managed(className, by);
        StrategyShare share = shares.findByStrategyIdAndUserId(strategy.id, userId)
                .orElseThrow(() -> ApiException.notFound("share_not_found", "The strategy is not shared with this user"));
        shares.delete(share);
        events.publishEvent(new StrategyEvents.StrategyShared(className, userId,
                users.findById(userId).map(UserAccount::username).orElse(null), share.access, null));
    }

    private Share share(StrategyShare s) {
        return new Share(s.userId, users.findById(s.userId).map(UserAccount::username).orElse(null), s.access,
                s.grantedAt);
    }

    /**
     * Reading a strategy's code: its owner, an admin, or a user it is shared with. The list of names stays open to
     * everyone; the server reading code to launch a bot or run a job goes through {@link StrategyCatalog}, not here.
     */
    private Strategy readable(String className, CurrentUser user) {
        Strategy strategy = load(className);
        if (!user.isAdmin() && strategy.ownerId != user.id()
                && shares.findByStrategyIdAndUserId(strategy.id, user.id()).isEmpty()) {
            throw ApiException.forbidden("strategy_not_shared",
                    "Only the strategy's owner, an admin or users it is shared with may read its code");
        }
        return strategy;
    }

    /** Publishing a version or choosing the current one: its owner, an admin, or an editor it is shared with. */
    private Strategy editable(String className, CurrentUser user) {
        Strategy strategy = load(className);
        if (!user.isAdmin() && strategy.ownerId != user.id() && shares.findByStrategyIdAndUserId(strategy.id, user.id())
                .filter(s -> StrategyShare.EDITOR.equals(s.access)).isEmpty()) {
            throw ApiException.forbidden("not_strategy_editor",
                    "Only the strategy's owner, an admin or an editor it is shared with may change its versions");
        }
        return strategy;
    }

    /** Who it is shared with is the owner's (or an admin's) choice. */
    private Strategy managed(String className, CurrentUser user) {
        Strategy strategy = load(className);
        if (!user.isAdmin() && strategy.ownerId != user.id()) {
            throw ApiException.forbidden("not_strategy_owner", "Only the strategy's owner or an admin may share it");
        }
        return strategy;
    }

    private Strategy load(String className) {
        if (!StrategyNames.isValidClassName(className)) {
            throw ApiException.notFound("strategy_not_found", "Strategy file not found");
        }
        return strategies.findByClassName(className)
                .orElseThrow(() -> ApiException.notFound("strategy_not_found", "Strategy file not found"));
    }

    private StrategyVersion loadVersion(Strategy strategy, int number) {
        return versions.findByStrategyIdAndVersionNumber(strategy.id, number).orElseThrow(
                () -> ApiException.notFound("strategy_version_not_found", "Strategy version " + number + " not found"));
    }

    private VersionDetail detail(Strategy strategy, StrategyVersion v) {
        return new VersionDetail(strategy.className, v.id, v.versionNumber, v.contentSha256, v.authorUsername,
                v.createdAt, v.note, v.valid, v.id.equals(strategy.currentVersionId), v.content, json.readTree(v.report));
    }

    /** The original analyze response: {@code valid}, {@code errors} as strings, {@code parameters} as an object. */
    Map<String, Object> analyzeResponse(StrategyReport report) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        report.parameters().forEach(p -> parameters.put(p.name(), p));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", report.valid());
        body.put("errors", report.errors().stream().map(Strategies::describe).toList());
        body.put("warnings", report.warnings().stream().map(Strategies::describe).toList());
        body.put("parameters", parameters);
        body.put("class_name", report.className());
        body.put("freqai", report.freqai());
        body.put("report", report);
        return body;
    }

    private static String describe(StrategyReport.Finding f) {
        return "line " + f.line() + ", column " + f.column() + ": " + f.message();
    }
}
