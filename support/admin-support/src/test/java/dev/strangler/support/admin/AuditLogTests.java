package dev.strangler.support.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit log: one JSON line per entry, appended, read back newest last, torn lines skipped. */
class AuditLogTests {

    record Entry(String actor, String reason) {
    }

    @TempDir
    Path home;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesNothingUntilTheFirstAppendThenOneLinePerEntry() throws Exception {
        Path file = home.resolve("engine/audit.jsonl");
        AuditLog log = new AuditLog(file, json);
        assertThat(log.all(Entry.class)).isEmpty();
        assertThat(file.getParent()).doesNotExist();

        log.append(new Entry("ada", "first"));
        log.append(new Entry("bob", "second"));

        assertThat(Files.readAllLines(file)).containsExactly("{\"actor\":\"ada\",\"reason\":\"first\"}",
                "{\"actor\":\"bob\",\"reason\":\"second\"}");
    }

    @Test
    void readsTheNewestEntriesOldestFirstAndSkipsATornLastLine() throws Exception {
        Path file = home.resolve("audit.jsonl");
        AuditLog log = new AuditLog(file, json);
        for (int i = 1; i <= 5; i++) {
            log.append(new Entry("ada", "change " + i));
        }
        Files.writeString(file, "{\"actor\":\"cra", StandardOpenOption.APPEND);

        assertThat(log.latest(2, Entry.class)).extracting(Entry::reason).containsExactly("change 5");
        assertThat(log.latest(3, Entry.class)).extracting(Entry::reason).containsExactly("change 4", "change 5");
        List<JsonNode> all = log.all(JsonNode.class);
        assertThat(all).hasSize(5);
    }
}
