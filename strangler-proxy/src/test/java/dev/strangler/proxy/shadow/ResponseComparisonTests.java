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
            false, BigDecimal.ZERO);

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

    private static CapturedResponse response(int status, String contentType, String cacheControl, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", cacheControl);
        return new CapturedResponse(status, headers, body.getBytes(StandardCharsets.UTF_8), false);
    }

}
