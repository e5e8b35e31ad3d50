package io.ftfleet.freqai;

import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** Domain events of the FreqAI model registry. */
public final class FreqaiEvents {

    private FreqaiEvents() {
    }

    public record ModelUploaded(long modelId, Map<String, Object> after) implements AuditableEvent {
        @Override
        public String action() {
            return "freqai_model.uploaded";
        }

        @Override
        public String targetType() {
            return "freqai_model";
        }

        @Override
        public String targetId() {
            return Long.toString(modelId);
        }
    }

    public record ModelDeleted(long modelId, Map<String, Object> before) implements AuditableEvent {
        @Override
        public String action() {
            return "freqai_model.deleted";
        }

        @Override
        public String targetType() {
            return "freqai_model";
        }

        @Override
        public String targetId() {
            return Long.toString(modelId);
        }
    }

    public record ModelTrained(long modelId, long jobId, Map<String, Object> after) implements AuditableEvent {
        @Override
        public String action() {
            return "freqai_model.trained";
        }

        @Override
        public String targetType() {
            return "freqai_model";
        }

        @Override
        public String targetId() {
            return Long.toString(modelId);
        }
    }
}
