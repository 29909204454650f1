package dev.strangler.sync.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one pipeline YAML file into a checked {@link PipelineDefinition}. Every problem is a
 * {@link PipelineConfigException} naming the file, the key ({@code tables[0].targets[1].columns.country_code}) and
 * the reason; nothing half-read is returned. See the module README for the format.
 */
public final class PipelineFiles {

    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,29}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final ValueConversions conversions;
    private final UnaryOperator<String> placeholders;

    /**
     * @param placeholders resolves {@code ${NAME:default}} in string values (the app passes its Environment), and
     *     throws {@link IllegalArgumentException} for one it cannot resolve
     */
    public PipelineFiles(ValueConversions conversions, UnaryOperator<String> placeholders) {
        this.conversions = conversions;
        this.placeholders = placeholders;
    }

    public PipelineDefinition read(String file, InputStream yaml) {
        Object document;
        try (yaml) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        }
        catch (YAMLException ex) {
            throw new PipelineConfigException(file, "(document)", "not valid YAML: " + ex.getMessage());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + file, ex);
        }
        return new Reader(file).pipeline(document);
    }

    private final class Reader {

        private final String file;

        Reader(String file) {
            this.file = file;
        }

        PipelineDefinition pipeline(@Nullable Object document) {
            Map<String, Object> root = map(document, "(document)",
                    Set.of("pipeline", "source", "target", "direction", "auto-start", "tables", "transport",
                            "kafka", "capture"));
            String name = string(root, "pipeline", "pipeline");
            if (!PIPELINE_NAME.matcher(name).matches()) {
                throw fail("pipeline", "'" + name + "' must be 1-30 lower-case letters, digits or underscores");
            }
            DatabaseEndpoint source = endpoint(root.get("source"), "source");
            DatabaseEndpoint target = endpoint(root.get("target"), "target");
            Direction direction = Direction.FORWARD;
            if (root.containsKey("direction")) {
                String value = string(root, "direction", "direction");
                try {
                    direction = Direction.valueOf(value.toUpperCase(Locale.ROOT));
                }
                catch (IllegalArgumentException ex) {
                    throw fail("direction", "'" + value + "' is not forward or reverse");
                }
            }
            boolean autoStart = !root.containsKey("auto-start") || bool(root.get("auto-start"), "auto-start");
            List<TableMapping> tables = new ArrayList<>();
            List<?> tableList = list(root.get("tables"), "tables");
            if (tableList.isEmpty()) {
                throw fail("tables", "a pipeline needs at least one table mapping");
            }
            Set<TableName> seenTargets = new HashSet<>();
            for (int i = 0; i < tableList.size(); i++) {
                tables.add(table(tableList.get(i), "tables[" + i + "]", seenTargets));
            }
            return new PipelineDefinition(name, source, target, tables, direction, autoStart,
                    transport(root, name), replicaIdentity(root));
        }

        /** {@code capture: { replica-identity: unchanged | full }}; changing the captured database is opt-in. */
        private ReplicaIdentityMode replicaIdentity(Map<String, Object> root) {
            if (!root.containsKey("capture")) {
                return ReplicaIdentityMode.UNCHANGED;
            }
            Map<String, Object> capture = map(root.get("capture"), "capture", Set.of("replica-identity"));
            if (!capture.containsKey("replica-identity")) {
                return ReplicaIdentityMode.UNCHANGED;
            }
            String value = string(capture, "replica-identity", "capture.replica-identity");
            return switch (value) {
                case "unchanged" -> ReplicaIdentityMode.UNCHANGED;
                case "full" -> ReplicaIdentityMode.FULL;
                default -> throw fail("capture.replica-identity", "'" + value + "' is not unchanged or full "
                        + "(full lets capture set REPLICA IDENTITY FULL on captured tables that need it)");
            };
        }

        /** {@code transport: in-process} (default) or {@code kafka}, with a {@code kafka:} block for the latter. */
        private Transport transport(Map<String, Object> root, String pipeline) {
            String kind = root.containsKey("transport") ? string(root, "transport", "transport") : "in-process";
            if (kind.equals("in-process")) {
                if (root.containsKey("kafka")) {
                    throw fail("kafka", "only allowed with transport: kafka");
                }
                return Transport.inProcess();
            }
            if (!kind.equals("kafka")) {
                throw fail("transport", "'" + kind + "' is not in-process or kafka");
            }
            Map<String, Object> kafka = map(root.get("kafka"), "kafka",
                    Set.of("bootstrap-servers", "topic-prefix", "partitions", "appliers"));
            String servers = string(kafka, "bootstrap-servers", "kafka.bootstrap-servers");
            String prefix = kafka.containsKey("topic-prefix") ? string(kafka, "topic-prefix", "kafka.topic-prefix")
                    : "strangler." + pipeline;
            if (!TOPIC_PREFIX.matcher(prefix).matches()) {
                throw fail("kafka.topic-prefix", "'" + prefix + "' must be 1-100 of letters, digits, '.', '_', '-'");
            }
            return Transport.kafka(servers, prefix, positive(kafka, "partitions", 3, 1000),
                    positive(kafka, "appliers", 1, 64));
        }

        private int positive(Map<String, Object> kafka, String name, int fallback, int max) {
            if (!kafka.containsKey(name)) {
                return fallback;
            }
            String text = string(kafka, name, "kafka." + name);
            try {
                int value = Integer.parseInt(text);
                if (value >= 1 && value <= max) {
                    return value;
                }
            }
            catch (NumberFormatException ex) {
                // reported below
            }
            throw fail("kafka." + name, "must be a whole number from 1 to " + max + ", was '" + text + "'");
        }

        private DatabaseEndpoint endpoint(@Nullable Object node, String key) {
            Map<String, Object> map = map(node, key, Set.of("jdbc-url", "username", "password"));
            String url = string(map, "jdbc-url", key + ".jdbc-url");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw fail(key + ".jdbc-url", "'" + url + "' is not a jdbc:postgresql: URL");
            }
            String password = map.containsKey("password") && map.get("password") != null
                    ? resolve(String.valueOf(map.get("password")), key + ".password") : "";
            return new DatabaseEndpoint(url, string(map, "username", key + ".username"), password);
        }

        private TableMapping table(@Nullable Object node, String key, Set<TableName> seenTargets) {
            Map<String, Object> map = map(node, key, Set.of("source", "key", "targets"));
            TableName source = tableName(string(map, "source", key + ".source"), key + ".source");
            List<String> sourceKey = identifiers(map.get("key"), key + ".key");
            List<?> targetList = list(map.get("targets"), key + ".targets");
            if (targetList.isEmpty()) {
                throw fail(key + ".targets", "a table mapping needs at least one target table");
            }
            List<TargetTable> targets = new ArrayList<>();
            for (int i = 0; i < targetList.size(); i++) {
                String targetKey = key + ".targets[" + i + "]";
                TargetTable target = target(targetList.get(i), targetKey, sourceKey, i == 0);
                if (!seenTargets.add(target.table())) {
                    throw fail(targetKey + ".table", target.table() + " is already the target of another mapping");
                }
                targets.add(target);
            }
            return new TableMapping(source, sourceKey, targets);
        }

        private TargetTable target(@Nullable Object node, String key, List<String> sourceKey, boolean primary) {
            Map<String, Object> map = map(node, key, Set.of("table", "key", "columns", "optional", "version-column",
                    "reverse-when"));
            TableName table = tableName(string(map, "table", key + ".table"), key + ".table");
            List<String> targetKey = identifiers(map.get("key"), key + ".key");
            Map<String, Object> columnNodes = map(map.get("columns"), key + ".columns", null);
            if (columnNodes.isEmpty()) {
                throw fail(key + ".columns", "map at least one column");
            }
            List<ColumnMapping> columns = new ArrayList<>();
            List<LookupColumn> lookups = new ArrayList<>();
            for (Map.Entry<String, Object> entry : columnNodes.entrySet()) {
                String columnKey = key + ".columns." + entry.getKey();
                if (entry.getValue() instanceof Map<?, ?> spec && spec.containsKey("lookup")) {
                    lookups.add(lookup(entry.getKey(), entry.getValue(), columnKey));
                }
                else {
                    columns.add(column(entry.getKey(), entry.getValue(), columnKey));
                }
            }
            for (LookupColumn derived : lookups) {
                if (targetKey.contains(derived.targetColumn())) {
                    throw fail(key + ".columns." + derived.targetColumn(), "a key column cannot be looked up");
                }
            }
            Map<String, String> keyFeeds = new LinkedHashMap<>();
            for (String keyColumn : targetKey) {
                ColumnMapping feed = columns.stream().filter(c -> c.targetColumn().equals(keyColumn)).findFirst()
                        .orElseThrow(() -> fail(key + ".key", "key column '" + keyColumn + "' is not in columns"));
                if (!sourceKey.contains(feed.sourceColumn())) {
                    throw fail(key + ".columns." + keyColumn, "a key column must be filled from a source key column "
                            + sourceKey + ", not '" + feed.sourceColumn() + "'");
                }
                keyFeeds.put(keyColumn, feed.sourceColumn());
            }
            if (primary && !new HashSet<>(keyFeeds.values()).containsAll(sourceKey)) {
                throw fail(key + ".key", "the first target must carry the whole source key " + sourceKey
                        + " in its key, or rows could not be matched back");
            }
            boolean optional = map.containsKey("optional") && bool(map.get("optional"), key + ".optional");
            if (primary && optional) {
                throw fail(key + ".optional", "the first target holds the row itself and cannot be optional");
            }
            String version = null;
            if (map.containsKey("version-column")) {
                version = identifier(string(map, "version-column", key + ".version-column"), key + ".version-column");
                String v = version;
                if (columns.stream().noneMatch(c -> c.targetColumn().equals(v))) {
                    throw fail(key + ".version-column", "'" + version + "' is not one of the mapped columns");
                }
            }
            List<RowCondition> reverseWhen = new ArrayList<>();
            if (map.containsKey("reverse-when")) {
                if (!primary) {
                    throw fail(key + ".reverse-when", "only the first target decides whether a row goes back");
                }
                Map<String, Object> conditions = map(map.get("reverse-when"), key + ".reverse-when", null);
                for (Map.Entry<String, Object> condition : conditions.entrySet()) {
                    String conditionKey = key + ".reverse-when." + condition.getKey();
                    String column = identifier(condition.getKey(), conditionKey);
                    if (columns.stream().noneMatch(c -> c.targetColumn().equals(column))) {
                        throw fail(conditionKey, "'" + column + "' is not one of the mapped columns");
                    }
                    if ("not-null".equals(condition.getValue())) {
                        reverseWhen.add(new RowCondition(column, null));
                        continue;
                    }
                    if (!(condition.getValue() instanceof List<?> values) || values.isEmpty()) {
                        throw fail(conditionKey, "must be not-null or a non-empty list of values");
                    }
                    Set<String> in = new java.util.LinkedHashSet<>();
                    for (Object value : values) {
                        in.add(resolve(String.valueOf(value), conditionKey));
                    }
                    reverseWhen.add(new RowCondition(column, in));
                }
            }
            return new TargetTable(table, targetKey, columns, optional, version, lookups, reverseWhen);
        }

        /** {@code {lookup: {table, match: {lookup column: source column}, join: [columns], separator, otherwise}}}. */
        private LookupColumn lookup(String targetColumn, Object node, String key) {
            identifier(targetColumn, key);
            Map<String, Object> outer = map(node, key, Set.of("lookup"));
            String at = key + ".lookup";
            Map<String, Object> spec = map(outer.get("lookup"), at,
                    Set.of("table", "match", "join", "separator", "otherwise"));
            TableName table = tableName(string(spec, "table", at + ".table"), at + ".table");
            Map<String, Object> matchNodes = map(spec.get("match"), at + ".match", null);
            if (matchNodes.isEmpty()) {
                throw fail(at + ".match", "name at least one column pair (lookup column: source column)");
            }
            Map<String, String> match = new LinkedHashMap<>();
            for (Map.Entry<String, Object> pair : matchNodes.entrySet()) {
                String pairKey = at + ".match." + pair.getKey();
                if (!(pair.getValue() instanceof String sourceColumn)) {
                    throw fail(pairKey, "must be a source column name");
                }
                match.put(identifier(pair.getKey(), pairKey), identifier(sourceColumn, pairKey));
            }
            List<String> join = identifiers(spec.get("join"), at + ".join");
            String separator = spec.containsKey("separator") && spec.get("separator") != null
                    ? String.valueOf(spec.get("separator")) : "";
            String otherwise = spec.containsKey("otherwise") && spec.get("otherwise") != null
                    ? resolve(String.valueOf(spec.get("otherwise")), at + ".otherwise") : null;
            return new LookupColumn(targetColumn, table, match, join, separator, otherwise);
        }

        private ColumnMapping column(String targetColumn, @Nullable Object node, String key) {
            identifier(targetColumn, key);
            if (node instanceof String from) {
                return new ColumnMapping(targetColumn, identifier(from, key), null);
            }
            Map<String, Object> map = map(node, key, Set.of("from", "convert", "when-null"));
            String from = identifier(string(map, "from", key + ".from"), key + ".from");
            boolean keyUuid = false;
            if (map.containsKey("when-null")) {
                String fill = string(map, "when-null", key + ".when-null");
                if (!fill.equals("key-uuid")) {
                    throw fail(key + ".when-null", "'" + fill + "' is not known; known: [key-uuid]");
                }
                keyUuid = true;
            }
            ValueConversion<?, ?> conversion = null;
            if (map.containsKey("convert")) {
                String name = string(map, "convert", key + ".convert");
                conversion = conversions.named(name).orElseThrow(() -> fail(key + ".convert",
                        "unknown conversion '" + name + "', known: " + conversions.names()));
            }
            if (keyUuid && conversion != null) {
                throw fail(key + ".when-null", "cannot be combined with convert");
            }
            return new ColumnMapping(targetColumn, from, conversion, keyUuid);
        }

        private TableName tableName(String value, String key) {
            try {
                return TableName.parse(value);
            }
            catch (IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        }

        private String identifier(String value, String key) {
            try {
                return TableName.requireIdentifier(value);
            }
            catch (IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        }

        private List<String> identifiers(@Nullable Object node, String key) {
            List<?> values = list(node, key);
            if (values.isEmpty()) {
                throw fail(key, "name at least one key column");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                if (!(values.get(i) instanceof String s)) {
                    throw fail(key + "[" + i + "]", "must be a column name");
                }
                names.add(identifier(s, key + "[" + i + "]"));
            }
            return names;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> map(@Nullable Object node, String key, @Nullable Set<String> allowedKeys) {
            if (!(node instanceof Map<?, ?> map)) {
                throw fail(key, node == null ? "is missing" : "must be a mapping of keys to values");
            }
            if (allowedKeys != null) {
                for (Object k : map.keySet()) {
                    if (!allowedKeys.contains(String.valueOf(k))) {
                        throw fail(prefix(key) + k, "unknown key; expected one of " + new java.util.TreeSet<>(allowedKeys));
                    }
                }
            }
            return (Map<String, Object>) map;
        }

        private List<?> list(@Nullable Object node, String key) {
            if (!(node instanceof List<?> list)) {
                throw fail(key, node == null ? "is missing" : "must be a list");
            }
            return list;
        }

        private String string(Map<String, Object> map, String name, String key) {
            Object value = map.get(name);
            if (value == null || value instanceof Map || value instanceof List) {
                throw fail(key, value == null ? "is missing" : "must be a single value");
            }
            String resolved = resolve(String.valueOf(value), key);
            if (resolved.isBlank()) {
                throw fail(key, "must not be blank");
            }
            return resolved;
        }

        private boolean bool(@Nullable Object value, String key) {
            if (value instanceof Boolean b) {
                return b;
            }
            String text = value == null ? "" : resolve(String.valueOf(value), key);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw fail(key, "must be true or false, was '" + text + "'");
        }

        private String resolve(String value, String key) {
            try {
                return placeholders.apply(value);
            }
            catch (IllegalArgumentException ex) {
                throw fail(key, ex.getMessage());
            }
        }

        private String prefix(String key) {
            return key.equals("(document)") ? "" : key + ".";
        }

        private PipelineConfigException fail(String key, @Nullable String reason) {
            return new PipelineConfigException(file, key, String.valueOf(reason));
        }
    }
}
