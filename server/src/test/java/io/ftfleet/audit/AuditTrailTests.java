package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.ftfleet.core.AuditableEvent;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@FullStackTest
class AuditTrailTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactions;

    Api api;
    String admin;

    record TestEvent(String action, String targetId, Outcome outcome) implements AuditableEvent {
        @Override
        public String targetType() {
            return "test";
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("n", 1);
        }
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Api.Response createUser(String username, String role) {
        Api.Response r = api.postJson("/api/v1/users", admin, "{\"username\":\"" + username + "\",\"email\":\"" + username
                + "@example.com\",\"password\":\"password-" + username + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }

    private List<JsonNode> logs(String query, String token) {
        Api.Response r = api.get("/api/v1/audit/logs" + query, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        List<JsonNode> items = new ArrayList<>();
        r.json().forEach(items::add);
        return items;
    }

    @Test
    void creatingAUserWritesExactlyOneEntryNamingTheAdminAndTheRequest() {
        String name = unique("audited");
        Api.Response created = createUser(name, "operator");
        String requestId = created.header("X-Request-Id");
        long userId = created.json().get("id").asLong();

        List<JsonNode> ofRequest = logs("?limit=500", admin).stream()
                .filter(e -> requestId.equals(e.path("request_id").asString(null))).toList();
        assertThat(ofRequest).hasSize(1);
        JsonNode e = ofRequest.get(0);
        assertThat(e.get("action").asString()).isEqualTo("user.created");
        assertThat(e.get("target_type").asString()).isEqualTo("user");
        assertThat(e.get("target_id").asString()).isEqualTo(Long.toString(userId));
        assertThat(e.get("outcome").asString()).isEqualTo("success");
        assertThat(e.get("status_code").asInt()).isEqualTo(200);
        assertThat(e.get("username").asString()).isEqualTo("admin");
        assertThat(e.get("actor_id").asLong()).isEqualTo(1);
        assertThat(e.get("actor_role").asString()).isEqualTo("admin");
        assertThat(e.get("ip_address").asString()).isEqualTo("127.0.0.1");
        assertThat(e.get("http_method").asString()).isEqualTo("POST");
        assertThat(e.get("path").asString()).isEqualTo("/api/v1/users");
        assertThat(e.get("created_at").asString()).endsWith("Z");
        assertThat(e.get("reason").isNull()).isTrue();
        assertThat(e.get("changes").get("username").get("after").asString()).isEqualTo(name);
        assertThat(e.get("changes").get("role").get("after").asString()).isEqualTo("operator");
        assertThat(e.get("before").isNull()).isTrue();
        assertThat(e.get("after").get("role").asString()).isEqualTo("operator");
        assertThat(e.get("hash").asString()).matches("[0-9a-f]{64}");
        assertThat(e.get("prev_hash").asString()).matches("[0-9a-f]{64}");
        // Reading the trail is not itself an action: it adds nothing.
        assertThat(logs("?target_type=user&target_id=" + userId, admin)).hasSize(1);
    }

    @Test
    void pagesAreNewestFirstByIdAndSkipAndLimitSlideOverThem() {
        for (int i = 0; i < 3; i++) {
            createUser(unique("paged"), "viewer");
        }
        List<JsonNode> firstThree = logs("?action=user.created&limit=3", admin);
        assertThat(firstThree).hasSize(3);
        assertThat(firstThree.get(0).get("id").asLong()).isGreaterThan(firstThree.get(1).get("id").asLong());
        assertThat(firstThree.get(1).get("id").asLong()).isGreaterThan(firstThree.get(2).get("id").asLong());
        assertThat(logs("?action=user.created&limit=1&skip=1", admin).get(0).get("id"))
                .isEqualTo(firstThree.get(1).get("id"));
        assertThat(logs("/?action=user.created&skip=2&limit=1", admin).get(0).get("id"))
                .isEqualTo(firstThree.get(2).get("id"));
        assertThat(logs("?limit=500", admin).size()).isLessThanOrEqualTo(500);
    }

    @Test
    void filtersSelectByActorActionTargetOutcomeAndTime() {
        String name = unique("filtered");
        long userId = createUser(name, "viewer").json().get("id").asLong();

        List<JsonNode> byTarget = logs("?target_type=user&target_id=" + userId + "&action=user.created&actor=admin"
                + "&outcome=SUCCESS", admin);
        assertThat(byTarget).hasSize(1);
        String createdAt = byTarget.get(0).get("created_at").asString();
        assertThat(logs("?target_id=" + userId + "&from=" + createdAt, admin)).hasSize(1);
        assertThat(logs("?target_id=" + userId + "&to=" + createdAt, admin)).isEmpty();
        assertThat(logs("?target_id=" + userId + "&from=2999-01-01T00:00:00Z", admin)).isEmpty();
        assertThat(logs("?target_id=" + userId + "&actor=nobody-at-all", admin)).isEmpty();
        assertThat(logs("?target_id=" + userId + "&outcome=denied", admin)).isEmpty();
        assertThat(logs("?target_id=" + userId + "&action=user.updated", admin)).isEmpty();
        assertThat(logs("?outcome=denied&limit=500", admin)).allSatisfy(e -> {
            assertThat(e.get("outcome").asString()).isEqualTo("denied");
            assertThat(e.get("status_code").asInt()).isEqualTo(403);
        });
    }

    @Test
    void aViewerSeesOnlyEntriesTheyAreTheActorOf() {
        String name = unique("viewer");
        String token = api.tokenFor(name, "viewer");
        Api.Response changed = api.postJson("/api/v1/auth/change-password", token,
                "{\"old_password\":\"password-" + name + "\",\"new_password\":\"another-password-1\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        token = api.login(name, "another-password-1").get("access_token").asString();

        List<JsonNode> own = logs("?limit=500", token);
        assertThat(own).isNotEmpty().allSatisfy(e -> assertThat(e.get("username").asString()).isEqualTo(name));
        assertThat(own).anySatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("user.sessions_ended"));
        // Asking for someone else's entries finds nothing rather than widening the view.
        assertThat(logs("?actor=admin", token)).isEmpty();

        Api.Response export = api.get("/api/v1/audit/logs/export?format=jsonl", token);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().lines().toList()).isNotEmpty()
                .allSatisfy(line -> assertThat(JSON.readTree(line).get("username").asString()).isEqualTo(name));
    }

    @Test
    void onlyAdminsMayVerifyTheChain() {
        String viewer = api.tokenFor(unique("noverify"), "viewer");
        Api.Response denied = api.get("/api/v1/audit/verify", viewer);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.header("content-type")).startsWith("application/problem+json");
        assertThat(denied.text("code")).isEqualTo("forbidden");

        Api.Response verified = api.get("/api/v1/audit/verify", admin);
        assertThat(verified.status()).isEqualTo(200);
        JsonNode body = verified.json();
        assertThat(body.get("valid").asBoolean()).as(verified.body()).isTrue();
        assertThat(body.get("checked").asLong()).isPositive();
        assertThat(body.get("first_broken_id").isNull()).isTrue();
        assertThat(body.get("reason").asString()).isNotBlank();
    }

    @Test
    void exportsCsvWithAHeaderRowAndQuotedFields() {
        String name = unique("csv");
        long userId = createUser(name, "viewer").json().get("id").asLong();

        Api.Response r = api.get("/api/v1/audit/logs/export?format=csv&target_type=user&target_id=" + userId, admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/csv");
        assertThat(r.header("content-disposition")).contains("audit-logs.csv");
        String[] lines = r.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("id,created_at,username,actor_id,actor_role,ip_address,request_id,http_method,"
                + "path,status_code,action,target_type,target_id,outcome,reason,details,prev_hash,hash");
        assertThat(lines[1]).contains(",admin,1,admin,127.0.0.1,", ",POST,/api/v1/users,200,user.created,user,"
                + userId + ",success,,");
        // details is JSON: commas and quotes, so quoted with doubled quotes.
        assertThat(lines[1]).contains(",\"{\"\"changes\"\":{");
    }

    @Test
    void exportsJsonLinesOldestFirstWithTheListsFields() {
        for (int i = 0; i < 2; i++) {
            createUser(unique("jsonl"), "viewer");
        }
        Api.Response r = api.get("/api/v1/audit/logs/export?format=jsonl&action=user.created", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = r.body().lines().map(JSON::readTree).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("user.created"));
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).get("id").asLong()).isGreaterThan(lines.get(i - 1).get("id").asLong());
        }
        assertThat(lines.get(0).has("changes")).isTrue();
        assertThat(lines.get(0).get("created_at").asString()).endsWith("Z");
    }

    @Test
    void outOfRangePagingAndBadFiltersAre422ProblemDetails() {
        for (String query : List.of("?skip=-1", "?limit=501", "?limit=0", "?limit=abc", "?outcome=maybe",
                "?from=yesterday", "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")) {
            Api.Response r = api.get("/api/v1/audit/logs" + query, admin);
            assertThat(r.status()).as(query).isEqualTo(422);
            assertThat(r.header("content-type")).as(query).startsWith("application/problem+json");
            assertThat(r.text("code")).as(query).isEqualTo("validation_failed");
            assertThat(r.json().get("errors").isArray()).as(query).isTrue();
        }
        assertThat(api.get("/api/v1/audit/logs/export?format=xml", admin).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/audit/logs", null).status()).isEqualTo(401);
    }

    @Test
    void aDenialOrFailureSurvivesItsPublishersRollbackButASuccessDoesNot() {
        String tag = unique("rollback");
        TransactionTemplate tx = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            events.publishEvent(new AuditableEvent.Denied("test.denied", "test", tag, "not allowed"));
            events.publishEvent(new TestEvent("test.failed", tag, AuditableEvent.Outcome.FAILED));
            events.publishEvent(new TestEvent("test.succeeded", tag, AuditableEvent.Outcome.SUCCESS));
            throw new IllegalStateException("the action fails after publishing");
        })).isInstanceOf(IllegalStateException.class);

        List<JsonNode> entries = logs("?target_id=" + tag, admin);
        assertThat(entries).extracting(e -> e.get("action").asString()).containsExactly("test.failed", "test.denied");
        JsonNode denied = entries.get(1);
        assertThat(denied.get("outcome").asString()).isEqualTo("denied");
        assertThat(denied.get("status_code").asInt()).isEqualTo(403);
        assertThat(denied.get("reason").asString()).isEqualTo("not allowed");
        assertThat(denied.get("username").isNull()).isTrue();
        assertThat(denied.get("request_id").isNull()).isTrue();
        assertThat(entries.get(0).get("status_code").asInt()).isEqualTo(500);
        assertThat(api.get("/api/v1/audit/verify", admin).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aFailureAfterASuccessInOneTransactionJoinsItInsteadOfWaitingForItsLock() {
        String tag = unique("same-tx");
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            events.publishEvent(new TestEvent("test.succeeded", tag, AuditableEvent.Outcome.SUCCESS));
            events.publishEvent(new TestEvent("test.failed", tag, AuditableEvent.Outcome.FAILED));
        });
        assertThat(logs("?target_id=" + tag, admin)).hasSize(2);
    }

    @Test
    void concurrentWritersKeepOneUnbrokenChain() throws Exception {
        String tag = unique("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        events.publishEvent(new TestEvent("test.concurrent", tag, AuditableEvent.Outcome.SUCCESS));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(logs("?target_id=" + tag + "&limit=500", admin)).hasSize(160);
        JsonNode verified = api.get("/api/v1/audit/verify", admin).json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
    }
}
