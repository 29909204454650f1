package dev.strangler.support.admin.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.strangler.support.admin.BodyLimit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/** What an MVC admin surface answers for a body it could not read: each refusal names the field and the reason. */
class MvcProblemsTests {

    record Move(String reason, Boolean dryRun) {
    }

    static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .withCoercionConfig(LogicalType.Textual, config -> config.setCoercion(CoercionInputShape.Integer,
                    CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.String,
                    CoercionAction.Fail))
            .build();

    static final BodyLimit LIMIT = new BodyLimit(8 * 1024);

    @Test
    void namesAFieldTheBodyDoesNotKnowWithTheKnownOnes() {
        ProblemDetail problem = unreadable("{\"reason\":\"ok\",\"force\":true}");

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getProperties()).containsEntry("field", "force");
        assertThat(problem.getDetail()).isEqualTo("force: unknown field (known: dryRun, reason)");
    }

    @Test
    void namesAFieldOfTheWrongTypeAndTheTypeItMustHave() {
        assertThat(unreadable("{\"reason\":42}").getDetail()).isEqualTo("reason: must be a string");
        assertThat(unreadable("{\"reason\":\"ok\",\"dryRun\":\"yes\"}").getDetail())
                .isEqualTo("dryRun: must be true or false");
    }

    @Test
    void namesTheBodyWhenItIsNotAnObjectOrNotJson() {
        for (String body : new String[] {"[\"ok\"]", "reason=ok"}) {
            ProblemDetail problem = unreadable(body);

            assertThat(problem.getStatus()).as(body).isEqualTo(400);
            assertThat(problem.getProperties()).as(body).containsEntry("field", "body");
            assertThat(problem.getDetail()).as(body).isEqualTo("body: must be a JSON object");
        }
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        Throwable passed = catchThrowable(() -> LIMIT.counter().add(8 * 1024 + 1));
        HttpMessageNotReadableException tooLarge = new HttpMessageNotReadableException("too large", passed,
                new MockHttpInputMessage(new byte[0]));

        ProblemDetail problem = MvcProblems.unreadableBody(tooLarge, LIMIT, "must be a JSON object");

        assertThat(problem.getStatus()).isEqualTo(413);
        assertThat(problem.getProperties()).containsEntry("field", "body");
    }

    private static ProblemDetail unreadable(String body) {
        Throwable failure = catchThrowable(() -> STRICT.readValue(body, Move.class));
        assertThat(failure).as(body).isNotNull();
        HttpMessageNotReadableException ex = new HttpMessageNotReadableException("JSON parse error", failure,
                new MockHttpInputMessage(body.getBytes(StandardCharsets.UTF_8)));
        return MvcProblems.unreadableBody(ex, LIMIT, "must be a JSON object");
    }
}
