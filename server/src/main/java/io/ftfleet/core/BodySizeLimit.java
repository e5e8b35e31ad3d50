package io.ftfleet.core;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Request bodies over the limit are refused with 413 before anything reads them. Declared lengths are checked up
 * front (the container never reads past a declared length); chunked bodies are counted as they are read. Multipart
 * uploads have their own, larger limit.
 */
final class BodySizeLimit {

    private final long maxBody;
    private final long maxUpload;

    BodySizeLimit(CoreProperties properties) {
        this.maxBody = properties.http().maxBodySize().toBytes();
        this.maxUpload = properties.http().maxUploadSize().toBytes();
    }

    long limitFor(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(MediaType.MULTIPART_FORM_DATA_VALUE) ? maxUpload
                : maxBody;
    }

    /**
     * The request to pass on: counted when its body has no declared length (chunked), as it is otherwise. Most
     * requests have no body at all; wrapping them too would put a wrapper under every attribute lookup of the
     * request's life.
     */
    static HttpServletRequest counted(HttpServletRequest request, long limit) {
        return request.getContentLengthLong() < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                ? new Limited(request, limit) : request;
    }

    static ProblemDetail tooLarge(long limit) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than the limit of " + limit + " bytes");
    }

    static final class BodyTooLarge extends IOException {
        BodyTooLarge() {
            super("request body too large", null);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++count > limit) {
                throw new BodyTooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && (count += n) > limit) {
                throw new BodyTooLarge();
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
