package dev.strangler.sync.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Debezium's offset store, backed by the position the applier committed with the rows ({@link SourcePositions} in
 * the database the stream writes to). Debezium's own offset flushes are <em>not</em> stored in-process mode: the only
 * durable position is the one written in the same transaction as the data, so a crash can neither skip nor repeat a
 * change. With the Kafka transport, capture has no such transaction; there ({@code persist-on-flush}) flushed offsets
 * are stored, and they are only flushed for records Kafka acknowledged.
 *
 * <p>Instantiated by the Debezium engine by class name; configured through {@code strangler.position.*} properties.
 */
public class TargetPositionOffsetStore implements OffsetBackingStore {

    public static final String URL = "strangler.position.jdbc.url";
    public static final String USER = "strangler.position.jdbc.user";
    public static final String PASSWORD = "strangler.position.jdbc.password";
    public static final String STREAM = "strangler.position.stream";
    public static final String PERSIST_ON_FLUSH = "strangler.position.persist-on-flush";

    private String url = "";
    private String user = "";
    private String password = "";
    private String stream = "";
    private boolean persistOnFlush;
    private @Nullable ByteBuffer stored;
    /**
     * Kept open between calls: over Kafka every engine batch flushes its offsets, and a new connection per flush cost
     * more than the write. Dropped on any error, so the next call connects again.
     */
    private @Nullable Connection connection;
    private final JsonConverter offsets = new JsonConverter();
    private final ChangeDecoder decoder = new ChangeDecoder();

    public TargetPositionOffsetStore() {
        offsets.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
    }

    @Override
    public void configure(WorkerConfig config) {
        Map<String, Object> originals = config.originals();
        url = String.valueOf(originals.get(URL));
        user = String.valueOf(originals.get(USER));
        password = String.valueOf(originals.getOrDefault(PASSWORD, ""));
        stream = String.valueOf(originals.get(STREAM));
        persistOnFlush = Boolean.parseBoolean(String.valueOf(originals.getOrDefault(PERSIST_ON_FLUSH, "false")));
    }

    @Override
    public synchronized void start() {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            SourcePositions.createIfAbsent(connection);
            Optional<SourcePosition> position = SourcePositions.read(connection, stream);
            stored = position.map(p -> ByteBuffer.wrap(p.offsetJson().getBytes(StandardCharsets.UTF_8))).orElse(null);
        }
        catch (SQLException ex) {
            throw new ConnectException("Could not read the position of stream " + stream + " from " + url, ex);
        }
    }

    @Override
    public synchronized void stop() {
        closeConnection();
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, user, password);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            }
            catch (SQLException ex) {
                // Already broken: nothing to release.
            }
            connection = null;
        }
    }

    /**
     * A PostgreSQL connector has a single source partition, so every key asks for the one stored position.
     *
     * <p>Read from the database on every call, not once at start: Debezium also asks when it restarts its task inside
     * the running engine after a retriable error ({@code errors.max.retries}), and it must then resume from what was
     * applied up to that moment (exactly like a process restart), not from where this engine started.
     */
    @Override
    public synchronized Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        try {
            stored = SourcePositions.read(connection(), stream)
                    .map(p -> ByteBuffer.wrap(p.offsetJson().getBytes(StandardCharsets.UTF_8))).orElse(null);
        }
        catch (SQLException ex) {
            closeConnection();
            return CompletableFuture.failedFuture(new ConnectException("Could not read the position of stream "
                    + stream + " from " + url, ex));
        }
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        if (stored != null) {
            keys.forEach(key -> result.put(key, stored.duplicate()));
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public synchronized Future<Void> set(Map<ByteBuffer, ByteBuffer> values, @Nullable Callback<Void> callback) {
        if (persistOnFlush) {
            try {
                for (ByteBuffer value : values.values()) {
                    if (value == null || value.equals(stored)) {
                        continue;
                    }
                    String json = StandardCharsets.UTF_8.decode(value.duplicate()).toString();
                    SourcePositions.write(connection(), stream, positionOf(json));
                    stored = value.duplicate();
                }
            }
            catch (SQLException ex) {
                closeConnection();
                if (callback != null) {
                    callback.onCompletion(ex, null);
                }
                return CompletableFuture.failedFuture(ex);
            }
        }
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    @SuppressWarnings("unchecked")
    private SourcePosition positionOf(String json) {
        Object value = offsets.toConnectData("offset", json.getBytes(StandardCharsets.UTF_8)).value();
        return decoder.position((Map<String, ?>) value);
    }
}
