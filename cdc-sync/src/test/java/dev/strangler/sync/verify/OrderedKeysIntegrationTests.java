package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys that are not integers, carried by a real pipeline: a text key (ordered byte-wise, so that both databases cut
 * ranges alike whatever their collation), a uuid key and a composite key whose first column is text. Drift is found
 * and reported by the key's own values, bisection narrows it down through several rounds, and repair carries it
 * again.
 */
class OrderedKeysIntegrationTests {

    private static final String PIPELINE = """
            pipeline: clinic
            source: { jdbc-url: "%s", username: "%s", password: "%s" }
            target: { jdbc-url: "%s", username: "%s", password: "%s" }
            tables:
              - source: species
                key: [code]
                targets:
                  - table: species
                    key: [code]
                    columns: { code: code, label: label }
              - source: owners
                key: [id]
                targets:
                  - table: owners
                    key: [id]
                    columns: { id: id, name: name }
              - source: vet_slots
                key: [vet_code, slot_date, slot_no]
                targets:
                  - table: vet_slots
                    key: [vet_code, slot_date, slot_no]
                    columns: { vet_code: vet_code, slot_date: slot_date, slot_no: slot_no, visit_id: visit_id }
            """;
    /** The tables of both sides; the service's text keys sort by another collation (%s) than the clinic's. */
    private static final String TABLES = "CREATE TABLE species (code text %s PRIMARY KEY, label text NOT NULL); "
            + "CREATE TABLE owners (id uuid PRIMARY KEY, name text NOT NULL); "
            + "CREATE TABLE vet_slots (vet_code text %1$s, slot_date date, slot_no integer, visit_id bigint, "
            + "PRIMARY KEY (vet_code, slot_date, slot_no))";
    private static final String OWNER = "6f1c2a3b-0000-4000-8000-000000000042";

    @RegisterExtension
    final PairOfDatabases<ClinicDatabases> pair = PairOfDatabases.of(new ClinicDatabases());
    private final ClinicDatabases databases = pair.databases();
    private final String clinic = databases.legacy();
    private final String service = databases.service();
    private final PipelineDefinition definition = databases.pipelineOf("clinic.yaml", PIPELINE);
    private final SyncPipeline pipeline = pair.inProcess(definition);

    OrderedKeysIntegrationTests() {
        // Keys whose order differs between collations (case, accents, punctuation), and enough of them that a
        // small fanout needs several rounds to narrow a difference down.
        run(clinic, "INSERT INTO species VALUES ('dog', 'Dog'), ('Cat', 'Cat'), ('émeu', 'Emu'), ('_fox', 'Fox'), "
                + "('cat-2', 'Cat 2')",
                "INSERT INTO species SELECT 'sp-' || i, 'Species ' || i FROM generate_series(1, 600) i",
                "INSERT INTO species SELECT 'Éz-' || i, 'Species É' || i FROM generate_series(1, 300) i",
                "INSERT INTO owners VALUES ('" + OWNER + "', 'Ada')",
                "INSERT INTO owners SELECT md5('owner' || i)::uuid, 'Owner ' || i FROM generate_series(1, 300) i",
                "INSERT INTO vet_slots SELECT CASE WHEN i % 2 = 0 THEN 'Vet-A' ELSE 'vet-b' END, "
                        + "date '2024-05-01' + (i % 7), i, NULL FROM generate_series(1, 400) i");
    }

    @Test
    void findsDriftByTextUuidAndCompositeKeysThroughSeveralRoundsAndNothingElse() throws Exception {
        sync();
        Verifier verifier = pair.closeAfter(new Verifier(definition, new VerifierOptions(CompareRules.exact(), 4, 3,
                Duration.ofSeconds(30), 1000)));
        assertThat(verifier.verify(Direction.FORWARD).inSync()).isTrue();

        run(service, "UPDATE species SET label = 'Kitten' WHERE code = 'Cat'",
                "UPDATE species SET label = 'Emu!' WHERE code = 'émeu'",
                "DELETE FROM owners WHERE id = '" + OWNER + "'",
                "INSERT INTO vet_slots VALUES ('vet-b', '2024-05-02', 9999, 7)",
                "UPDATE vet_slots SET visit_id = 5 WHERE vet_code = 'Vet-A' AND slot_no = 200");

        DriftReport report = verifier.verify(Direction.FORWARD);

        assertThat(report.inSync()).isFalse();
        assertThat(report.rowsCompared()).isEqualTo(905 + 301 + 401);
        // Cut in another order on one side, equal rows would land in different ranges and be suspected.
        assertThat(report.inFlight()).isEmpty();
        assertThat(report.differing()).containsExactlyInAnyOrder(
                new DriftReport.DifferingRow(Map.of("table", "public.species", "code", "Cat"),
                        List.of(new DriftReport.ColumnDifference("species.label", "Cat", "Kitten"))),
                new DriftReport.DifferingRow(Map.of("table", "public.species", "code", "émeu"),
                        List.of(new DriftReport.ColumnDifference("species.label", "Emu", "Emu!"))),
                new DriftReport.DifferingRow(Map.of("table", "public.vet_slots", "vet_code", "Vet-A", "slot_date",
                        "2024-05-05", "slot_no", 200L),
                        List.of(new DriftReport.ColumnDifference("vet_slots.visit_id", null, "5"))));
        assertThat(report.missing()).containsExactly(Map.of("table", "public.owners", "id", OWNER));
        assertThat(report.extra()).containsExactly(Map.of("table", "public.vet_slots", "vet_code", "vet-b",
                "slot_date", "2024-05-02", "slot_no", 9999L));
    }

    @Test
    void repairsRowsDriftedUnderTextUuidAndCompositeKeys() throws Exception {
        sync();
        run(service, "UPDATE species SET label = 'Kitten' WHERE code = 'Cat'",
                "DELETE FROM owners WHERE id = '" + OWNER + "'",
                "UPDATE vet_slots SET visit_id = 5 WHERE vet_code = 'Vet-A' AND slot_no = 200");

        DriftReport report = pair.closeAfter(new Verifier(definition)).verifyAndRepair(Direction.FORWARD);

        assertThat(report.inSync()).as("%s", report).isTrue();
        assertThat(report.repaired()).containsExactlyInAnyOrder(Map.of("table", "public.species", "code", "Cat"),
                Map.of("table", "public.owners", "id", OWNER), Map.of("table", "public.vet_slots", "vet_code",
                        "Vet-A", "slot_date", "2024-05-05", "slot_no", 200L));
    }

    @Test
    void switchesToReverseAndComparesCleanThenWithTextUuidAndCompositeKeys() throws Exception {
        sync();

        pipeline.switchDirection(Direction.REVERSE);
        run(service, "UPDATE species SET label = 'Kitten' WHERE code = 'Cat'",
                "INSERT INTO owners VALUES ('6f1c2a3b-0000-4000-8000-000000000043', 'Grace')",
                "INSERT INTO vet_slots VALUES ('vet-b', '2024-05-02', 9999, 7)");

        DriftReport report = pair.closeAfter(new Verifier(definition)).verify(Direction.REVERSE);

        assertThat(report.inSync()).as("%s", report).isTrue();
        assertThat(databases.count(clinic, "SELECT count(*) FROM species WHERE label = 'Kitten'")).isOne();
    }

    private void sync() throws Exception {
        pair.startAndDrain(pipeline);
    }

    private void run(String database, String... statements) {
        for (String sql : statements) {
            databases.run(database, sql);
        }
    }

    /** The clinic's tables with keys that are not integers, on both sides. */
    private static final class ClinicDatabases extends PipelineDatabases {

        ClinicDatabases() {
            super("clinic", "visit_service", TABLES.formatted(""), TABLES.formatted("COLLATE \"en-x-icu\""));
        }
    }
}
