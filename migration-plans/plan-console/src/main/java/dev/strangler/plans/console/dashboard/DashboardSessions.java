package dev.strangler.plans.console.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Signed-in dashboard sessions, held in memory only: a restart signs everyone out, which is the safe direction.
 * The browser holds a random session id; the server keeps only its SHA-256, so neither a heap dump nor a timing
 * difference in the map lookup reveals a usable id. Each session has its own CSRF value that the page sends back
 * in a header the browser never adds by itself.
 */
final class DashboardSessions {

    /** A signed-in person. */
    record Session(String actor, String csrf, Instant expires) {

        boolean acceptsCsrf(@Nullable String presented) {
            return presented != null && MessageDigest.isEqual(this.csrf.getBytes(StandardCharsets.US_ASCII),
                    presented.getBytes(StandardCharsets.US_ASCII));
        }

    }

    /** A new session and the id handed to the browser (once; only its digest is kept). */
    record Created(String id, Session session) {
    }

    // A bound, so a flood of sign-ins (each needing the token) cannot grow the heap without limit.
    static final int MAX_SESSIONS = 64;

    private final SecureRandom random = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final Duration timeout;

    private final Clock clock;

    DashboardSessions(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    Duration timeout() {
        return this.timeout;
    }

    Created create(String actor) {
        Instant now = this.clock.instant();
        this.sessions.values().removeIf((session) -> !session.expires().isAfter(now));
        while (this.sessions.size() >= MAX_SESSIONS) {
            this.sessions.entrySet()
                .stream()
                .min(Comparator.comparing((Map.Entry<String, Session> entry) -> entry.getValue().expires()))
                .ifPresent((oldest) -> this.sessions.remove(oldest.getKey()));
        }
        String id = randomValue();
        Session session = new Session(actor, randomValue(), now.plus(this.timeout));
        this.sessions.put(digest(id), session);
        return new Created(id, session);
    }

    /** The live session for a browser's id; an expired one is forgotten on the way. */
    Optional<Session> find(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = digest(id);
        Session session = this.sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expires().isAfter(this.clock.instant())) {
            this.sessions.remove(key, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    void end(@Nullable String id) {
        if (id != null && !id.isEmpty() && id.length() <= 100) {
            this.sessions.remove(digest(id));
        }
    }

    private String randomValue() {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
        }
    }

}
