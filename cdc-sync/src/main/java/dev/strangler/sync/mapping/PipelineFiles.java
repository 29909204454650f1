package dev.strangler.sync.mapping;

import dev.strangler.support.schema.InvalidYamlException;
import dev.strangler.support.schema.YamlDocument;
import dev.strangler.support.schema.YamlPath;
import dev.strangler.support.schema.YamlProblem;
import dev.strangler.support.schema.YamlSchema;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads one pipeline YAML file into a checked {@link PipelineDefinition}. The file's shape (keys, types, names,
 * enums, ranges) is checked against the published schema {@value #SCHEMA} (networknt {@code json-schema-validator},
 * through {@code support/schema-support}); what a schema cannot say is checked here: placeholders resolve, key
 * columns are fed by the source key, the first target carries the whole source key and is not optional, no table is
 * the target twice, conversions exist, version and reverse-when columns are mapped. Every problem is a
 * {@link PipelineConfigException} naming the file, the line, the key ({@code tables[0].targets[1].columns.city}) and
 * the reason; nothing half-read is returned. See the module README for the format.
 */
public final class PipelineFiles {

    /** The published schema on the class path; sample pipelines point editors at it. */
    public static final String SCHEMA = "/schema/pipeline.schema.json";

    private final ValueConversions conversions;
    private final UnaryOperator<String> placeholders;

    /** Loaded once: building the validator is the expensive part, checking a file is cheap. */
    private static final class Published {
        static final YamlSchema SCHEMA = YamlSchema.fromResource(PipelineFiles.class, PipelineFiles.SCHEMA);
    }

    /**
     * @param placeholders resolves {@code ${NAME:default}} in the values that take them (the app passes its
     *     Environment), and throws {@link IllegalArgumentException} for one it cannot resolve
     */
    public PipelineFiles(ValueConversions conversions, UnaryOperator<String> placeholders) {
        this.conversions = conversions;
        this.placeholders = placeholders;
    }

    public PipelineDefinition read(String file, InputStream yaml) {
        YamlDocument document;
        try {
            document = YamlDocument.read(yaml);
        }
        catch (InvalidYamlException ex) {
            throw failure(file, ex.problem());
        }
        if (document.isEmpty()) {
            throw new PipelineConfigException(file, "(document)", "is empty");
        }
        Published.SCHEMA.firstProblem(document).ifPresent(problem -> {
            throw failure(file, problem);
        });
        return new Reader(file, document).pipeline();
    }

    private static PipelineConfigException failure(String file, YamlProblem problem) {
        return new PipelineConfigException(file, problem.line(), problem.path().toString(), problem.reason());
    }

    /** Reads a document the schema has accepted. */
    private final class Reader {

        private final String file;
        private final YamlDocument document;

        Reader(String file, YamlDocument document) {
            this.file = file;
            this.document = document;
        }

        PipelineDefinition pipeline() {
            YamlPath root = YamlPath.root();
            JsonNode node = document.root();
            String name = node.get("pipeline").asString();
            Direction direction = node.has("direction")
                    ? Direction.valueOf(node.get("direction").asString().toUpperCase(Locale.ROOT)) : Direction.FORWARD;
            List<TableMapping> tables = new ArrayList<>();
            Set<TableName> seenTargets = new HashSet<>();
            JsonNode tableNodes = node.get("tables");
            for (int i = 0; i < tableNodes.size(); i++) {
                tables.add(table(root.key("tables").index(i), tableNodes.get(i), seenTargets));
            }
            for (int i = 0; i < tables.size(); i++) {
                checkParent(root.key("tables").index(i).key("parent"), tables.get(i), tables);
            }
            return new PipelineDefinition(name, endpoint(root.key("source")), endpoint(root.key("target")), tables,
                    direction, autoStart(root.key("auto-start")), transport(node, name), replicaIdentity(node));
        }

        /** {@code capture: { replica-identity: unchanged | full }}; changing the captured database is opt-in. */
        private ReplicaIdentityMode replicaIdentity(JsonNode root) {
            String mode = root.path("capture").path("replica-identity").asString("unchanged");
            return mode.equals("full") ? ReplicaIdentityMode.FULL : ReplicaIdentityMode.UNCHANGED;
        }

        private boolean autoStart(YamlPath at) {
            JsonNode value = document.at(at);
            if (value.isMissingNode() || value.isBoolean()) {
                return value.asBoolean(true);
            }
            String text = resolve(value.asString(), at);
            if (!text.equals("true") && !text.equals("false")) {
                throw fail(at, "must be true or false, was '" + text + "'");
            }
            return Boolean.parseBoolean(text);
        }

        /** {@code transport: in-process} (default) or {@code kafka}, with a {@code kafka:} block for the latter. */
        private Transport transport(JsonNode root, String pipeline) {
            YamlPath at = YamlPath.root().key("kafka");
            if (!root.path("transport").asString("in-process").equals("kafka")) {
                if (root.has("kafka")) {
                    throw fail(at, "only allowed with transport: kafka");
                }
                return Transport.inProcess();
            }
            JsonNode kafka = root.get("kafka");
            String servers = nonBlank(resolve(kafka.get("bootstrap-servers").asString(), at.key("bootstrap-servers")),
                    at.key("bootstrap-servers"));
            return Transport.kafka(servers, kafka.path("topic-prefix").asString("strangler." + pipeline),
                    kafka.path("partitions").asInt(3), kafka.path("appliers").asInt(1));
        }

        private DatabaseEndpoint endpoint(YamlPath at) {
            JsonNode node = document.at(at);
            String url = resolve(node.get("jdbc-url").asString(), at.key("jdbc-url"));
            if (!url.startsWith("jdbc:postgresql:")) {
                throw fail(at.key("jdbc-url"), "'" + url + "' is not a jdbc:postgresql: URL");
            }
            String username = nonBlank(resolve(node.get("username").asString(), at.key("username")),
                    at.key("username"));
            JsonNode password = node.path("password");
            return new DatabaseEndpoint(url, username,
                    password.isString() ? resolve(password.asString(), at.key("password")) : "");
        }

        private TableMapping table(YamlPath at, JsonNode node, Set<TableName> seenTargets) {
            List<String> sourceKey = texts(node.get("key"));
            List<TargetTable> targets = new ArrayList<>();
            JsonNode targetNodes = node.get("targets");
            for (int i = 0; i < targetNodes.size(); i++) {
                YamlPath targetAt = at.key("targets").index(i);
                TargetTable target = target(targetAt, targetNodes.get(i), sourceKey, i == 0);
                if (!seenTargets.add(target.table())) {
                    throw fail(targetAt.key("table"), target.table() + " is already the target of another mapping");
                }
                targets.add(target);
            }
            return new TableMapping(TableName.parse(node.get("source").asString()), sourceKey, targets,
                    parent(node.path("parent")));
        }

        /** {@code parent: {table, key: {child column: parent key column}}}, checked once every table is read. */
        private @Nullable ParentRelation parent(JsonNode node) {
            if (node.isMissingNode()) {
                return null;
            }
            Map<String, String> key = new LinkedHashMap<>();
            node.get("key").properties().forEach(pair -> key.put(pair.getKey(), pair.getValue().asString()));
            return new ParentRelation(TableName.parse(node.get("table").asString()), key);
        }

        private void checkParent(YamlPath at, TableMapping child, List<TableMapping> tables) {
            ParentRelation relation = child.parent();
            if (relation == null) {
                return;
            }
            TableMapping parent = tables.stream().filter(t -> t.source().equals(relation.table())).findFirst()
                    .orElseThrow(() -> fail(at.key("table"), relation.table() + " is not a source table of this "
                            + "pipeline; known: " + tables.stream().map(TableMapping::source).toList()));
            if (parent == child) {
                throw fail(at.key("table"), "a table cannot be its own parent");
            }
            if (parent.parent() != null) {
                throw fail(at.key("table"), parent.source() + " has a parent itself; a child follows one level only");
            }
            if (!new HashSet<>(relation.key().values()).equals(new HashSet<>(parent.key()))
                    || relation.key().size() != parent.key().size()) {
                throw fail(at.key("key"), "must refer to the whole key " + parent.key() + " of " + parent.source()
                        + ", was " + relation.key().values());
            }
            for (String column : relation.key().keySet()) {
                if (child.primary().columns().stream().noneMatch(c -> c.sourceColumn().equals(column))) {
                    throw fail(at.key("key").key(column), "'" + column + "' is not mapped to "
                            + child.primary().table() + ", so its service rows could not find their parent");
                }
            }
        }

        private TargetTable target(YamlPath at, JsonNode node, List<String> sourceKey, boolean primary) {
            List<String> targetKey = texts(node.get("key"));
            List<ColumnMapping> columns = new ArrayList<>();
            List<LookupColumn> lookups = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : node.get("columns").properties()) {
                YamlPath columnAt = at.key("columns").key(entry.getKey());
                if (entry.getValue().has("lookup")) {
                    if (targetKey.contains(entry.getKey())) {
                        throw fail(columnAt, "a key column cannot be looked up");
                    }
                    lookups.add(lookup(entry.getKey(), columnAt.key("lookup"), entry.getValue().get("lookup")));
                }
                else {
                    columns.add(column(entry.getKey(), columnAt, entry.getValue()));
                }
            }
            Map<String, String> keyFeeds = new LinkedHashMap<>();
            for (String keyColumn : targetKey) {
                ColumnMapping feed = columns.stream().filter(c -> c.targetColumn().equals(keyColumn)).findFirst()
                        .orElseThrow(() -> fail(at.key("key"), "key column '" + keyColumn + "' is not in columns"));
                if (!sourceKey.contains(feed.sourceColumn())) {
                    throw fail(at.key("columns").key(keyColumn), "a key column must be filled from a source key "
                            + "column " + sourceKey + ", not '" + feed.sourceColumn() + "'");
                }
                keyFeeds.put(keyColumn, feed.sourceColumn());
            }
            if (primary && !new HashSet<>(keyFeeds.values()).containsAll(sourceKey)) {
                throw fail(at.key("key"), "the first target must carry the whole source key " + sourceKey
                        + " in its key, or rows could not be matched back");
            }
            boolean optional = node.path("optional").asBoolean(false);
            if (primary && optional) {
                throw fail(at.key("optional"), "the first target holds the row itself and cannot be optional");
            }
            String version = node.has("version-column") ? node.get("version-column").asString() : null;
            if (version != null && columns.stream().noneMatch(c -> c.targetColumn().equals(version))) {
                throw fail(at.key("version-column"), "'" + version + "' is not one of the mapped columns");
            }
            return new TargetTable(TableName.parse(node.get("table").asString()), targetKey, columns, optional,
                    version, lookups, reverseWhen(at.key("reverse-when"), node.path("reverse-when"), columns, primary));
        }

        private List<RowCondition> reverseWhen(YamlPath at, JsonNode conditions, List<ColumnMapping> columns,
                boolean primary) {
            List<RowCondition> reverseWhen = new ArrayList<>();
            if (conditions.isMissingNode()) {
                return reverseWhen;
            }
            if (!primary) {
                throw fail(at, "only the first target decides whether a row goes back");
            }
            for (Map.Entry<String, JsonNode> condition : conditions.properties()) {
                YamlPath conditionAt = at.key(condition.getKey());
                String column = condition.getKey();
                if (columns.stream().noneMatch(c -> c.targetColumn().equals(column))) {
                    throw fail(conditionAt, "'" + column + "' is not one of the mapped columns");
                }
                if (condition.getValue().isString()) {
                    reverseWhen.add(new RowCondition(column, null));
                    continue;
                }
                Set<String> in = new LinkedHashSet<>();
                for (JsonNode value : condition.getValue()) {
                    in.add(resolve(value.asString(), conditionAt));
                }
                reverseWhen.add(new RowCondition(column, in));
            }
            return reverseWhen;
        }

        /** {@code {lookup: {table, match: {lookup column: source column}, join: [columns], separator, otherwise}}}. */
        private LookupColumn lookup(String targetColumn, YamlPath at, JsonNode spec) {
            Map<String, String> match = new LinkedHashMap<>();
            spec.get("match").properties().forEach(pair -> match.put(pair.getKey(), pair.getValue().asString()));
            JsonNode otherwise = spec.path("otherwise");
            return new LookupColumn(targetColumn, TableName.parse(spec.get("table").asString()), match,
                    texts(spec.get("join")), spec.path("separator").asString(""),
                    otherwise.isString() ? resolve(otherwise.asString(), at.key("otherwise")) : null);
        }

        private ColumnMapping column(String targetColumn, YamlPath at, JsonNode node) {
            if (node.isString()) {
                return new ColumnMapping(targetColumn, node.asString(), null);
            }
            boolean keyUuid = node.has("when-null");
            ValueConversion<?, ?> conversion = null;
            if (node.has("convert")) {
                String name = node.get("convert").asString();
                conversion = conversions.named(name).orElseThrow(() -> fail(at.key("convert"),
                        "unknown conversion '" + name + "', known: " + conversions.names()));
            }
            if (keyUuid && conversion != null) {
                throw fail(at.key("when-null"), "cannot be combined with convert");
            }
            return new ColumnMapping(targetColumn, node.get("from").asString(), conversion, keyUuid);
        }

        private List<String> texts(JsonNode list) {
            List<String> texts = new ArrayList<>();
            list.forEach(item -> texts.add(item.asString()));
            return texts;
        }

        private String nonBlank(String value, YamlPath at) {
            if (value.isBlank()) {
                throw fail(at, "must not be blank");
            }
            return value;
        }

        private String resolve(String value, YamlPath at) {
            try {
                return placeholders.apply(value);
            }
            catch (IllegalArgumentException ex) {
                throw fail(at, String.valueOf(ex.getMessage()));
            }
        }

        private PipelineConfigException fail(YamlPath at, @Nullable String reason) {
            return new PipelineConfigException(file, document.line(at), at.toString(), String.valueOf(reason));
        }
    }
}
