package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.ValueConversion;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.verify.CanonicalRows.PgType;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical projection of the shipped customers mapping, as SQL, without a database. */
class CanonicalRowsTests {

    private static final Map<String, PgType> CUSTOMERS = Map.ofEntries(Map.entry("id", type("int8", 'N')),
            Map.entry("first_name", type("varchar", 'S')), Map.entry("last_name", type("varchar", 'S')),
            Map.entry("email", type("varchar", 'S')), Map.entry("phone", type("varchar", 'S')),
            Map.entry("street", type("varchar", 'S')), Map.entry("city", type("varchar", 'S')),
            Map.entry("postal_code", type("varchar", 'S')), Map.entry("country", type("bpchar", 'S')),
            Map.entry("created_at", type("timestamptz", 'D')), Map.entry("updated_at", type("timestamptz", 'D')),
            Map.entry("version", type("int8", 'N')));
    private static final Map<String, PgType> CUSTOMER = Map.of("id", type("int8", 'N'), "given_name",
            type("varchar", 'S'), "family_name", type("varchar", 'S'), "email", type("varchar", 'S'), "phone_number",
            type("varchar", 'S'), "registered_at", type("timestamptz", 'D'), "modified_at", type("timestamp", 'D'),
            "revision", type("int4", 'N'));
    private static final Map<String, PgType> ADDRESS = Map.of("customer_id", type("int8", 'N'), "street",
            type("varchar", 'S'), "city", type("varchar", 'S'), "postal_code", type("varchar", 'S'), "country_code",
            type("varchar", 'S'));

    @Test
    void projectsTheServiceSideAsThePrimaryRowLeftJoinedWithItsDependents() {
        CanonicalRows rows = canonical(CompareRules.exact());

        assertThat(rows.target().from())
                .isEqualTo("public.customer t0 LEFT JOIN public.customer_address t1 ON t1.customer_id = t0.id");
        assertThat(rows.source().from()).isEqualTo("public.customers s");
        assertThat(rows.columns()).containsExactly("customer.given_name", "customer.family_name", "customer.email",
                "customer.phone_number", "customer.registered_at", "customer.modified_at", "customer.revision",
                "customer_address.street", "customer_address.city", "customer_address.postal_code",
                "customer_address.country_code");
    }

    @Test
    void boundsTheDependentTablesJoinToTheKeyRangesOfARangeQuery() {
        CanonicalRows rows = canonical(CompareRules.exact());

        // Without the bound, a merge join reads the address rows from the first key on, whichever range is asked.
        assertThat(rows.target().digests(1)).contains("FROM public.customer t0 LEFT JOIN public.customer_address t1 "
                + "ON t1.customer_id = t0.id AND t1.customer_id >= ?::bigint AND t1.customer_id < ?::bigint WHERE "
                + "(t0.id >= ? AND t0.id < ?)");
        assertThat(rows.target().rangedJoins()).isEqualTo(1);
        assertThat(rows.target().digests(0)).contains("ON t1.customer_id = t0.id WHERE true");
        assertThat(rows.source().digests(1)).contains("FROM public.customers s WHERE (s.id >= ? AND s.id < ?)");
        assertThat(rows.source().rangedJoins()).isZero();
    }

    @Test
    void cutsOnlyASideThatReadsOneTableAsItIsIntoLanesOfBlocks() {
        CanonicalRows rows = canonical(CompareRules.exact());

        assertThat(rows.source().readsOneTable()).isTrue();
        assertThat(rows.source().bounds()).isEqualTo("SELECT min(s.id)::bigint, max(s.id)::bigint, (SELECT "
                + "pg_relation_size(c.oid) / current_setting('block_size')::bigint FROM pg_class c WHERE c.oid = "
                + "'public.customers'::regclass AND c.relkind IN ('r', 'm')) FROM public.customers s");
        assertThat(rows.source().blockDigests()).contains(" FROM public.customers s WHERE s.ctid >= ?::tid AND "
                + "s.ctid < ?::tid OFFSET 0) x GROUP BY 1");
        assertThat(rows.target().readsOneTable()).as("customer joined with its address").isFalse();
        assertThat(rows.target().bounds()).endsWith(", NULL::bigint FROM public.customer t0");
    }

    @Test
    void appliesTheMappingsConversionOnTheSourceSideAndIgnoresTrailingBlanksOfChar() {
        CanonicalRows rows = canonical(CompareRules.exact());
        int country = rows.columns().indexOf("customer_address.country_code");

        assertThat(rows.source().hashed().get(country)).isEqualTo("rtrim((upper(s.country))::text, ' ')");
        assertThat(rows.target().hashed().get(country)).isEqualTo("rtrim((t1.country_code)::text, ' ')");
        assertThat(rows.source().hashed().get(rows.columns().indexOf("customer.given_name")))
                .isEqualTo("(s.first_name)::text");
    }

    @Test
    void comparesIntegersOfDifferentWidthsAndTimestampsWithAndWithoutZoneAlike() {
        CanonicalRows rows = canonical(CompareRules.exact());

        assertThat(rows.target().hashed().get(rows.columns().indexOf("customer.revision")))
                .isEqualTo("(t0.revision)::bigint");
        assertThat(rows.target().hashed().get(rows.columns().indexOf("customer.modified_at")))
                .isEqualTo("(t0.modified_at)::timestamptz");
    }

    @Test
    void roundsTimestampsToThePrecisionOfTheRuleWithColumnOverridesFirst() {
        CompareRules rules = CompareRules.exact().withTimestampPrecision(TimestampPrecision.MILLIS).withColumn(
                "customer.modified_at", new CompareRules.ColumnRule(TimestampPrecision.SECONDS, null));
        CanonicalRows rows = canonical(rules);

        assertThat(rows.source().hashed().get(rows.columns().indexOf("customer.registered_at")))
                .isEqualTo("(s.created_at)::timestamptz(3)");
        assertThat(rows.source().hashed().get(rows.columns().indexOf("customer.modified_at")))
                .isEqualTo("(s.updated_at)::timestamptz(0)");
    }

    @Test
    void rendersNumbersWithoutTrailingZerosSoThatEqualValuesHaveEqualText() {
        TableMapping mapping = pipeline("price: amount", ValueConversions.discovered()).tables().get(0);
        Map<String, PgType> source = Map.of("id", type("int4", 'N'), "amount", type("numeric", 'N'));
        Map<String, PgType> target = Map.of("id", type("int8", 'N'), "price", type("numeric", 'N'));

        CanonicalRows exact = CanonicalRows.of(mapping, CompareRules.exact(), t -> source, t -> target);
        CanonicalRows scaled = CanonicalRows.of(mapping, new CompareRules(null, 2, Map.of()), t -> source,
                t -> target);

        assertThat(exact.source().texts()).containsExactly("trim_scale((s.amount)::numeric)::text");
        assertThat(scaled.target().hashed()).containsExactly("round((t0.price)::numeric, 2)");
    }

    @Test
    void refusesAConversionWithoutSqlFormNamingTheColumn() {
        ValueConversions withShout = ValueConversions.discoveredAnd(List.of(new Shout()));
        TableMapping mapping = pipeline("price: { from: amount, convert: shout }", withShout).tables().get(0);
        Map<String, PgType> source = Map.of("id", type("int4", 'N'), "amount", type("text", 'S'));
        Map<String, PgType> target = Map.of("id", type("int8", 'N'), "price", type("text", 'S'));

        assertThatThrownBy(() -> CanonicalRows.of(mapping, CompareRules.exact(), t -> source, t -> target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Conversion 'shout' of product.price has no SQL form");
    }

    @Test
    void refusesACompareRuleForAColumnThatIsNotMapped() {
        CompareRules rules = CompareRules.exact().withColumn("customer.birthday",
                new CompareRules.ColumnRule(TimestampPrecision.MILLIS, null));

        assertThatThrownBy(() -> canonical(rules)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Compare rule for 'customer.birthday': not a mapped service column");
    }

    @Test
    void ordersAKeyThatIsNotAnIntegerByItsTextInByteOrderOnBothSides() {
        TableMapping mapping = pipeline("price: amount", ValueConversions.discovered()).tables().get(0);
        Map<String, PgType> source = Map.of("id", type("uuid", 'U'), "amount", type("numeric", 'N'));
        Map<String, PgType> target = Map.of("id", type("uuid", 'U'), "price", type("numeric", 'N'));

        CanonicalRows rows = CanonicalRows.of(mapping, CompareRules.exact(), t -> source, t -> target);

        assertThat(rows.keyColumns()).containsExactly("id");
        assertThat(rows.source().ordered().sort()).isEqualTo("(((s.id)::uuid::text)::text COLLATE \"C\")");
        assertThat(rows.target().ordered().sort()).isEqualTo("(((t0.id)::uuid::text)::text COLLATE \"C\")");
        assertThat(rows.target().rowsWithKeys()).isEqualTo("SELECT (t0.id)::uuid::text, "
                + "trim_scale((t0.price)::numeric)::text FROM public.product t0 WHERE (t0.id) IN (SELECT u.c0::uuid "
                + "FROM unnest(?::text[]) AS u(c0))");
    }

    private static CanonicalRows canonical(CompareRules rules) {
        PipelineDefinition pipeline;
        try (InputStream yaml = CanonicalRowsTests.class.getResourceAsStream("/pipelines/customers.yaml")) {
            pipeline = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.of(
                    "STRANGLER_SHOP_DB_PASSWORD", "x", "STRANGLER_CUSTOMER_DB_PASSWORD", "x")::get))
                    .read("customers.yaml", yaml);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        Map<TableName, Map<String, PgType>> targets = Map.of(TableName.parse("customer"), CUSTOMER,
                TableName.parse("customer_address"), ADDRESS);
        return CanonicalRows.of(pipeline.tables().get(0), rules, t -> CUSTOMERS, targets::get);
    }

    private static PipelineDefinition pipeline(String column, ValueConversions conversions) {
        String yaml = """
                pipeline: products
                source: { jdbc-url: "jdbc:postgresql://localhost/shop", username: u, password: p }
                target: { jdbc-url: "jdbc:postgresql://localhost/catalog", username: u, password: p }
                tables:
                  - source: products
                    key: [id]
                    targets:
                      - table: product
                        key: [id]
                        columns:
                          id: id
                          %s
                """.formatted(column);
        return new PipelineFiles(conversions, Placeholders.from(Map.<String, String>of()::get)).read("products.yaml",
                new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static PgType type(String name, char category) {
        return new PgType(name, category);
    }

    /** A conversion the verifier has no SQL form for. */
    private record Shout() implements ValueConversion<String, String> {

        @Override
        public String name() {
            return "shout";
        }

        @Override
        public Class<String> sourceType() {
            return String.class;
        }

        @Override
        public Class<String> targetType() {
            return String.class;
        }

        @Override
        public String toTarget(String value) {
            return value.toUpperCase(java.util.Locale.ROOT) + "!";
        }

        @Override
        public String toSource(String value) {
            return value;
        }
    }
}
