package dev.strangler.proxy.shadow;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.strangler.proxy.routing.ShadowPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseComparisonTests {

    private final ResponseComparison comparison = new ResponseComparison(JsonMapper.builder().build());

    private final ShadowPolicy policy = new ShadowPolicy(false, List.of("Content-Type", "Cache-Control"), List.of(),
            false, BigDecimal.ZERO, false);

    @Test
    void comparesStatusChosenHeadersAndJsonBody() {
        List<Difference> differences = this.comparison.compare(
                response(200, "application/json", "max-age=60", "{\"id\":1,\"name\":\"Ada\"}"),
                response(404, "application/json;charset=UTF-8", "no-store", "{\"id\":1,\"name\":\"Grace\"}"),
                this.policy);

        assertThat(differences).containsExactly(new Difference("status", "200", "404"),
                new Difference("header Cache-Control", "max-age=60", "no-store"),
                new Difference("/name", "\"Ada\"", "\"Grace\""));
    }

    @Test
    void comparesNonJsonBodiesByteForByte() {
        assertThat(this.comparison.compare(response(200, "text/plain", "x", "hello"),
                response(200, "text/plain", "x", "hello"), this.policy)).isEmpty();
        assertThat(this.comparison.compare(response(200, "text/plain", "x", "hello"),
                response(200, "text/plain", "x", "hullo"), this.policy))
            .extracting(Difference::path)
            .containsExactly("body");
    }

    @Test
    void aNotFoundAndAnEmptyListAreTheSameAnswerOnlyWhereTheRuleSaysSo() {
        CapturedResponse emptyList = response(200, "application/json", "x", "[]");
        CapturedResponse notFound = response(404, "application/problem+json", "x",
                "{\"title\":\"Not Found\",\"status\":404}");
        ShadowPolicy lenient = new ShadowPolicy(false, List.of("Content-Type"), List.of(), false, BigDecimal.ZERO,
                true);

        assertThat(this.comparison.compare(emptyList, notFound, lenient)).isEmpty();
        assertThat(this.comparison.compare(notFound, emptyList, lenient)).isEmpty();
        // A list with rows against a 404 stays a difference, and so does [] against 404 under the strict default.
        assertThat(this.comparison.compare(response(200, "application/json", "x", "[{\"id\":1}]"), notFound,
                lenient)).extracting(Difference::path).contains("status");
        assertThat(this.comparison.compare(emptyList, notFound, ShadowPolicy.strict())).extracting(Difference::path)
                .contains("status");
    }

    private static CapturedResponse response(int status, String contentType, String cacheControl, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", cacheControl);
        return new CapturedResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

}
