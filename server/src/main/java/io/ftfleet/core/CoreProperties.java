package io.ftfleet.core;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Core settings.
 *
 * @param dataDir where the embedded database, secrets and bot folders live ({@code FTFLEET_DATA_DIR})
 * @param http    request limits
 * @param logging log output format
 */
@ConfigurationProperties("ftfleet")
public record CoreProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Http http,
        @DefaultValue Logging logging) {

    /**
     * @param maxBodySize   largest accepted request body outside multipart uploads
     * @param maxUploadSize largest accepted multipart upload (strategy files, FreqAI models)
     */
    public record Http(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("50MB") DataSize maxUploadSize) {
    }

    /** @param json structured JSON log lines (ECS) instead of plain text */
    public record Logging(@DefaultValue("false") boolean json) {
    }
}
