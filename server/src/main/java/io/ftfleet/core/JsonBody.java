package io.ftfleet.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A JSON answer serialised once and served many times, with a strong {@code ETag} derived from its bytes: the tag
 * changes exactly when the content does. A poller that sends the tag back in {@code If-None-Match} gets an empty
 * {@code 304} while nothing changed. {@code Cache-Control: private, no-cache}: the answer is per caller, and a
 * cache must ask again each time (which is what makes the 304 cheap and never stale).
 */
public final class JsonBody {

    private static final CacheControl REVALIDATE = CacheControl.noCache().cachePrivate();

    private final byte[] bytes;
    private final String etag;

    private JsonBody(byte[] bytes, String etag) {
        this.bytes = bytes;
        this.etag = etag;
    }

    public static JsonBody of(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new JsonBody(bytes, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String etag() {
        return etag;
    }

    /** 304 when {@code ifNoneMatch} names this content (or is {@code *}), else 200 with the bytes. */
    public ResponseEntity<byte[]> respond(String ifNoneMatch) {
        if (matches(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(REVALIDATE).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(REVALIDATE).contentType(MediaType.APPLICATION_JSON)
                .body(bytes);
    }

    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2); // If-None-Match compares weakly (RFC 9110 13.1.2)
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
