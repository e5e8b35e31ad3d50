package io.ftfleet.audit;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the trail: pages, full exports and chain verification. Writing is {@link AuditRecorder}'s alone. */
@Service
class AuditTrail {

    /** Verification result. {@code firstBrokenId} is null when the chain is intact. */
    record Verification(boolean valid, long checked, Long firstBrokenId, String reason) {
    }

    private static final AuditFilter EVERYTHING = new AuditFilter(null, null, null, null, null, null, null, null);

    private final AuditLog log;
    private final JsonMapper json;

    AuditTrail(AuditLog log, JsonMapper json) {
        this.log = log;
        this.json = json;
    }

    List<AuditLogItem> page(AuditFilter filter, int skip, int limit) {
        return log.find(filter, skip, limit).stream().map(this::item).toList();
    }

    /** Every matching entry, oldest first; entries appended while this runs are not included. */
    void export(AuditFilter filter, Predicate<AuditEntry> sink) {
        log.forEach(filter, log.head().lastId(), sink);
    }

    /**
     * Walks the chain in id order up to the chain head read at the start (later appends are left for the next
     * run) and reports the first entry that is missing, out of place or changed.
     */
    Verification verify() {
        AuditLog.Head head = log.head();
        Walk walk = new Walk();
        log.forEach(EVERYTHING, head.lastId(), walk);
        if (walk.brokenId != null) {
            return new Verification(false, walk.checked, walk.brokenId, walk.reason);
        }
        if (walk.lastId != head.lastId()) {
            return new Verification(false, walk.checked, walk.lastId + 1,
                    "entries " + (walk.lastId + 1) + " to " + head.lastId() + " are missing (the chain head ends at "
                            + head.lastId() + ")");
        }
        if (!walk.expectedPrev.equals(head.lastHash())) {
            return new Verification(false, walk.checked, head.lastId(),
                    "the last entry's hash does not match the chain head");
        }
        return new Verification(true, walk.checked, null, "all " + walk.checked + " entries are intact");
    }

    AuditLogItem item(AuditEntry e) {
        JsonNode details = parse(e.details());
        return new AuditLogItem(e.id(), e.createdAt(), e.username(), e.ipAddress(), e.httpMethod(), e.path(),
                e.statusCode(), e.action(), e.actorId(), e.actorRole(), e.requestId(), e.targetType(), e.targetId(),
                e.outcome(), e.reason(), part(details, "changes"), part(details, "before"), part(details, "after"),
                e.hash(), e.prevHash());
    }

    /** Null for text that is not JSON: a tampered row must still be listable (verify reports it). */
    private JsonNode parse(String details) {
        if (details == null) {
            return null;
        }
        try {
            return json.readTree(details);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static JsonNode part(JsonNode details, String name) {
        JsonNode value = details == null ? null : details.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** The state of one verification pass; stops at the first broken entry. */
    private static final class Walk implements Predicate<AuditEntry> {
        long checked;
        long lastId;
        String expectedPrev = AuditChain.GENESIS;
        Long brokenId;
        String reason;

        @Override
        public boolean test(AuditEntry entry) {
            checked++;
            if (entry.id() != lastId + 1) {
                return broken(entry.id(), "entries " + (lastId + 1) + " to " + (entry.id() - 1) + " are missing");
            }
            if (!expectedPrev.equals(entry.prevHash())) {
                return broken(entry.id(), "prev_hash does not match the hash of entry " + lastId);
            }
            if (!AuditChain.hash(entry).equals(entry.hash())) {
                return broken(entry.id(), "the entry's content does not match its hash (it was changed)");
            }
            lastId = entry.id();
            expectedPrev = entry.hash();
            return true;
        }

        private boolean broken(long id, String why) {
            brokenId = id;
            reason = why;
            return false;
        }
    }
}
