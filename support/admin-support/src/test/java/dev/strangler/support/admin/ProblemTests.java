package dev.strangler.support.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9457 documents and the body limit's 413. */
class ProblemTests {

    @Test
    void writesTheMembersInRfcOrderThenTheExtensions() {
        Problem problem = new Problem(404, "No rule with id 'x'", Map.of("rule", "x"));

        assertThat(new String(problem.json(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"about:blank\","
                + "\"title\":\"Not Found\",\"status\":404,\"detail\":\"No rule with id 'x'\",\"rule\":\"x\"}");
    }

    @Test
    void namesTheFieldOfAnInvalidOne() {
        Problem problem = new InvalidFieldException("reason", "is required").problem();

        assertThat(problem.document()).containsEntry("status", 400).containsEntry("title", "Bad Request")
                .containsEntry("detail", "reason: is required").containsEntry("field", "reason")
                .containsEntry("reason", "is required");
    }

    @Test
    void refusesADeclaredOrReadBodyOverTheLimitNamingTheBody() throws Exception {
        BodyLimit limit = new BodyLimit(10);
        BodyLimit.Counter counter = limit.counter();
        counter.add(6);
        counter.add(-1);
        counter.add(4);

        assertThat(limit.refuses(11)).isTrue();
        assertThat(limit.refuses(10)).isFalse();
        assertThat(limit.refuses(-1)).isFalse();
        assertThatExceptionOfType(BodyLimit.BodyTooLargeException.class).isThrownBy(() -> counter.add(1))
                .satisfies(ex -> assertThat(BodyLimit.isTooLarge(new RuntimeException(ex))).isTrue());
        assertThat(limit.problem().document()).containsEntry("status", 413).containsEntry("title",
                "Content Too Large").containsEntry("detail", "The body must be at most 10 bytes")
                .containsEntry("field", "body");
        assertThat(BodyLimit.ADMIN.detail()).isEqualTo("The body must be at most 16384 bytes");
    }
}
