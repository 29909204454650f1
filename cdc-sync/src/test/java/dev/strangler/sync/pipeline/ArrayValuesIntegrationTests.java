package dev.strangler.sync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Array columns with NULL elements, end to end on real PostgreSQL and Debezium: through the initial copy (set-based,
 * arrays sent as text) and then streamed (Debezium's lists, bound as parameters). A NULL element stays a NULL
 * element, never the string {@code "NULL"} and never dropped; the string {@code "NULL"}, an empty string, an empty
 * array and a NULL array stay what they are.
 */
class ArrayValuesIntegrationTests {

    private static final String SCHEMA = "CREATE TABLE tagged (id bigint PRIMARY KEY, tags text[], scores int[])";
    /** The text form tells a NULL element ({@code NULL}) from the string ({@code "NULL"}); the counts say it again. */
    private static final String ROWS = "SELECT id, tags::text, scores::text, (SELECT count(*) FROM unnest(tags) t "
            + "WHERE t IS NULL), (SELECT count(*) FROM unnest(scores) s WHERE s IS NULL) FROM tagged ORDER BY id";

    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.sameSchema("tagged", "tagged_copy", SCHEMA);
    private final PipelineDatabases databases = pair.databases();
    private final PipelineDefinition definition = databases.oneTablePipeline("tagged", "tagged", "id",
            List.of("id", "tags", "scores"));

    @Test
    void keepsNullElementsThroughTheInitialCopyAndStreaming() throws Exception {
        databases.run(databases.legacy(), "INSERT INTO tagged VALUES "
                + "(1, '{a,NULL,\"NULL\",\"\"}', '{1,NULL,3}'), (2, '{NULL}', '{}'), (3, NULL, '{NULL,NULL}')");

        pair.startStreaming(pair.inProcess(definition));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(databases.rows(databases.service(), ROWS)).as("after the initial copy")
                        .isEqualTo(databases.rows(databases.legacy(), ROWS)));
        assertThat(databases.rows(databases.service(), ROWS)).containsExactly(
                List.of("1", "{a,NULL,\"NULL\",\"\"}", "{1,NULL,3}", "1", "1"),
                List.of("2", "{NULL}", "{}", "1", "0"),
                List.of("3", "null", "{NULL,NULL}", "0", "2"));
        // The copy went set-based (ChangeApplier.copy): its staging table lives in the applier's session.
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM pg_class WHERE relpersistence = 't' "
                + "AND relname LIKE 'strangler_copy_%'")).as("staging tables of the set-based copy").isPositive();

        databases.run(databases.legacy(), "INSERT INTO tagged VALUES (4, '{NULL,b,\"NULL\"}', '{NULL,5}'), "
                + "(5, '{\"\",NULL}', NULL)");
        databases.run(databases.legacy(), "UPDATE tagged SET tags = '{NULL,c}', scores = '{7,NULL}' WHERE id = 2");
        databases.run(databases.legacy(), "UPDATE tagged SET tags = '{d,NULL}' WHERE id = 3");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(databases.rows(databases.service(), ROWS)).as("after streaming")
                        .isEqualTo(databases.rows(databases.legacy(), ROWS)));
        assertThat(databases.rows(databases.service(), ROWS)).containsExactly(
                List.of("1", "{a,NULL,\"NULL\",\"\"}", "{1,NULL,3}", "1", "1"),
                List.of("2", "{NULL,c}", "{7,NULL}", "1", "1"),
                List.of("3", "{d,NULL}", "{NULL,NULL}", "1", "2"),
                List.of("4", "{NULL,b,\"NULL\"}", "{NULL,5}", "1", "1"),
                List.of("5", "{\"\",NULL}", "null", "1", "0"));
    }
}
