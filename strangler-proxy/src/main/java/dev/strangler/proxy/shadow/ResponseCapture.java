package dev.strangler.proxy.shadow;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;

/**
 * Collects a copy of the monolith's response as it streams to the client, up to a size limit. The client's
 * buffers are only read, never held back or consumed.
 */
final class ResponseCapture {

    private final int limit;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private final Sinks.One<CapturedResponse> result = Sinks.one();

    private boolean truncated;

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

    synchronized void complete(int status, HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        headers.forEach(copy::addAll);
        this.result.tryEmitValue(new CapturedResponse(status, copy, this.body.toByteArray(), this.truncated));
    }

    void fail(String why) {
        this.result.tryEmitError(new IllegalStateException(why));
    }

    Mono<CapturedResponse> result() {
        return this.result.asMono();
    }

}
