package dev.strangler.proxy.shadow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;

/**
 * Collects a copy of the monolith's response as it streams to the client, up to a size limit. The client's
 * buffers are only read, never held back or consumed. Filled on the client's event loop; read by the copy once the
 * client's answer is written.
 */
final class ResponseCapture {

    private final int limit;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private boolean truncated;

    private @Nullable CapturedResponse answer;

    private @Nullable String failure;

    private boolean writing;

    private @Nullable Consumer<ResponseCapture> then;

    ResponseCapture(int limit) {
        this.limit = limit;
    }

    synchronized void copy(DataBuffer buffer) {
        int readable = buffer.readableByteCount();
        int room = this.limit - this.body.size();
        if (readable > room) {
            this.truncated = true;
        }
        int length = Math.min(readable, Math.max(room, 0));
        if (length > 0) {
            byte[] bytes = new byte[length];
            buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, length);
            this.body.write(bytes, 0, length);
        }
    }

    /** The decorated response has started writing the monolith's answer: it will complete, fail or be cancelled. */
    synchronized void writing() {
        this.writing = true;
    }

    void complete(int status, HttpHeaders headers) {
        Consumer<ResponseCapture> then;
        synchronized (this) {
            if (isSettled()) {
                return;
            }
            HttpHeaders copy = new HttpHeaders();
            headers.forEach(copy::addAll);
            this.answer = new CapturedResponse(status, copy, this.body.toByteArray(), this.truncated);
            then = takeThen();
        }
        if (then != null) {
            then.accept(this);
        }
    }

    void fail(String why) {
        Consumer<ResponseCapture> then;
        synchronized (this) {
            if (isSettled()) {
                return;
            }
            this.failure = why;
            then = takeThen();
        }
        if (then != null) {
            then.accept(this);
        }
    }

    /**
     * Runs {@code then} once the client's answer is done and this capture is settled: at once when it is, else when
     * it settles (the body's last signal can come after the write it belongs to has completed). An answer not
     * written through the capture, or a client's answer that failed, settles it as failed.
     */
    void afterClientAnswer(boolean answered, Consumer<ResponseCapture> then) {
        synchronized (this) {
            if (!isSettled()) {
                if (!answered) {
                    this.failure = "the client's answer failed or was cancelled";
                }
                else if (!this.writing) {
                    this.failure = "the monolith's answer was not written through the capture";
                }
            }
            if (!isSettled()) {
                this.then = then;
                return;
            }
        }
        then.accept(this);
    }

    private boolean isSettled() {
        return this.answer != null || this.failure != null;
    }

    private @Nullable Consumer<ResponseCapture> takeThen() {
        Consumer<ResponseCapture> then = this.then;
        this.then = null;
        return then;
    }

    /** The monolith's whole answer, or null when it failed or never came (then {@link #failure()} says why). */
    synchronized @Nullable CapturedResponse answer() {
        return this.answer;
    }

    synchronized String failure() {
        return (this.failure != null) ? this.failure : "no answer from the monolith";
    }

}
