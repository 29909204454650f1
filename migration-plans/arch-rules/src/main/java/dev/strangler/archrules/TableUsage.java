package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a class uses: JPA entities by their mapping ({@code @Table(name)}, else {@code @Entity(name)},
 * else the class name in snake case as Spring Boot's naming strategy does), Spring Data repositories by their entity,
 * and SQL in string constants by the table names after {@code FROM}, {@code JOIN}, {@code INSERT INTO},
 * {@code UPDATE}, {@code DELETE FROM}, {@code MERGE INTO} and {@code TRUNCATE}.
 *
 * <p>The SQL scan is a heuristic: it sees SQL written as constants (literals, text blocks, constant fields and the
 * constant parts of concatenations), not table names built at run time.
 */
final class TableUsage {

    private static final List<String> ENTITY = List.of("jakarta.persistence.Entity", "javax.persistence.Entity");
    private static final List<String> TABLE = List.of("jakarta.persistence.Table", "javax.persistence.Table");
    private static final Pattern LOOKS_LIKE_SQL = Pattern.compile(
            "(?is)^\\s*\\(?\\s*(select|insert|update|delete|with|merge|truncate)\\b.*");
    private static final Pattern TABLE_REFERENCE = Pattern.compile("(?i)\\b(insert\\s+into|merge\\s+into"
            + "|delete\\s+from|truncate\\s+table|truncate|update|from|join)\\s+(?:only\\s+)?(?:\"?\\w+\"?\\.)?"
            + "\"?([a-z_][\\w$]*)\"?");
    private static final Pattern WRITING_REPOSITORY = Pattern.compile(
            ".*\\.(Crud|ListCrud|Jpa|ReactiveCrud|CoroutineCrud|R2dbc|Mongo|ReactiveMongo)Repository");
    private static final Pattern WRITING_METHOD = Pattern.compile("(save|delete|remove|insert|update|persist).*");

    private TableUsage() {
    }

    /** Every table use of the class, each (code unit, table, kind) once, at its first line. */
    static List<TableUse> of(JavaClass javaClass) {
        List<TableUse> uses = new ArrayList<>();
        entityTable(javaClass).ifPresent(table -> uses.add(new TableUse(javaClass, table, TableUse.Kind.ENTITY,
                describe(javaClass), StringConstants.location(javaClass))));
        repositoryUse(javaClass).ifPresent(uses::add);
        Map<String, TableUse> sql = new LinkedHashMap<>();
        for (StringConstants.Found constant : StringConstants.of(javaClass)) {
            if (!LOOKS_LIKE_SQL.matcher(constant.text()).matches()) {
                continue;
            }
            Matcher reference = TABLE_REFERENCE.matcher(constant.text());
            while (reference.find()) {
                String keyword = reference.group(1).toLowerCase(Locale.ROOT);
                boolean writes = !keyword.equals("from") && !keyword.equals("join");
                String table = reference.group(2).toLowerCase(Locale.ROOT);
                TableUse.Kind kind = writes ? TableUse.Kind.SQL_WRITES : TableUse.Kind.SQL_READS;
                sql.putIfAbsent(constant.where() + "|" + table + "|" + kind, new TableUse(javaClass, table, kind,
                        constant.where(), StringConstants.location(javaClass, constant.line())));
            }
        }
        uses.addAll(sql.values());
        return uses;
    }

    /** The uses of any of these tables (lower case); writes only if asked. */
    static List<TableUse> of(JavaClass javaClass, Set<String> tables, boolean writesOnly) {
        return of(javaClass).stream()
                .filter(use -> tables.contains(use.table()))
                .filter(use -> !writesOnly || use.writes())
                .toList();
    }

    /** The table a JPA entity is mapped to. */
    static Optional<String> entityTable(JavaClass javaClass) {
        Optional<JavaAnnotation<JavaClass>> entity = annotation(javaClass, ENTITY);
        if (entity.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> table = annotation(javaClass, TABLE).flatMap(mapping -> text(mapping, "name"));
        String name = table.or(() -> text(entity.get(), "name")).orElseGet(() -> snakeCase(javaClass.getSimpleName()));
        return Optional.of(name.toLowerCase(Locale.ROOT));
    }

    private static Optional<TableUse> repositoryUse(JavaClass javaClass) {
        if (!javaClass.isInterface()) {
            return Optional.empty();
        }
        for (JavaType type : javaClass.getInterfaces()) {
            if (type instanceof JavaParameterizedType parameterized
                    && parameterized.toErasure().getName().startsWith("org.springframework.data.")
                    && !parameterized.getActualTypeArguments().isEmpty()) {
                JavaClass entity = parameterized.getActualTypeArguments().get(0).toErasure();
                Optional<String> table = entityTable(entity);
                if (table.isPresent()) {
                    boolean writes = WRITING_REPOSITORY.matcher(parameterized.toErasure().getName()).matches()
                            || javaClass.getMethods().stream().map(JavaMethod::getName)
                                    .anyMatch(name -> WRITING_METHOD.matcher(name).matches());
                    return Optional.of(new TableUse(javaClass, table.get(), writes
                            ? TableUse.Kind.REPOSITORY_WRITES : TableUse.Kind.REPOSITORY_READS,
                            describe(javaClass), StringConstants.location(javaClass)));
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(JavaClass javaClass) {
        return (javaClass.isInterface() ? "Interface <" : "Class <") + javaClass.getName() + ">";
    }

    private static Optional<JavaAnnotation<JavaClass>> annotation(JavaClass javaClass, List<String> types) {
        return types.stream().map(javaClass::tryGetAnnotationOfType).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> text(JavaAnnotation<?> annotation, String property) {
        return annotation.get(property).map(Object::toString).filter(value -> !value.isBlank());
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
