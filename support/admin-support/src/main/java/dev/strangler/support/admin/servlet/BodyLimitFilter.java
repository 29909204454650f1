package dev.strangler.support.admin.servlet;

import dev.strangler.support.admin.BodyLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a request body over the {@link BodyLimit} with 413: a declared length at once, a body without one
 * (chunked) as soon as it passes the limit while being read, as a {@link BodyLimit.BodyTooLargeException} that the
 * app's error handling answers with {@link BodyLimit#problem()} (see {@link BodyLimit#isTooLarge(Throwable)}).
 */
public final class BodyLimitFilter extends HttpFilter {

    private final BodyLimit limit;

    public BodyLimitFilter(BodyLimit limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (this.limit.refuses(request.getContentLengthLong())) {
            // The rest of the body is not read: the connection ends with this answer.
            response.setHeader("Connection", "close");
            ServletProblems.write(response, this.limit.problem());
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Limited(request, this.limit) : request, response);
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final BodyLimit limit;

        Limited(HttpServletRequest request, BodyLimit limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream body = super.getInputStream();
            BodyLimit.Counter counter = this.limit.counter();
            return new ServletInputStream() {

                @Override
                public int read() throws IOException {
                    int next = body.read();
                    counter.add(next < 0 ? 0 : 1);
                    return next;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int count = body.read(buffer, offset, length);
                    counter.add(count);
                    return count;
                }

                @Override
                public boolean isFinished() {
                    return body.isFinished();
                }

                @Override
                public boolean isReady() {
                    return body.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    body.setReadListener(listener);
                }
            };
        }
    }
}
