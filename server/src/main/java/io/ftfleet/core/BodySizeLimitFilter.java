package io.ftfleet.core;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit with 413 before anything reads them. Declared lengths are checked up
 * front; chunked bodies are counted as they are read. Multipart uploads have their own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final Problems problems;
    private final long maxBody;
    private final long maxUpload;

    BodySizeLimitFilter(Problems problems, CoreProperties properties) {
        this.problems = problems;
        this.maxBody = properties.http().maxBodySize().toBytes();
        this.maxUpload = properties.http().maxUploadSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        long limit = type != null && type.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE) ? maxUpload : maxBody;
        if (request.getContentLengthLong() > limit) {
            tooLarge(response, limit);
            return;
        }
        try {
            chain.doFilter(new Limited(request, limit), response);
        } catch (BodyTooLarge e) {
            tooLarge(response, limit);
        } catch (ServletException e) {
            if (e.getRootCause() instanceof BodyTooLarge) {
                tooLarge(response, limit);
                return;
            }
            throw e;
        }
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        problems.write(response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than the limit of " + limit + " bytes"));
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
