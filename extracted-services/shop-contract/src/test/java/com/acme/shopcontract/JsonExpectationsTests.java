package com.acme.shopcontract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class JsonExpectationsTests {

    @Test
    void acceptsAMatchingBodyWithMatchersForGeneratedValues() {
        assertThat(JsonExpectations.mismatches(json("""
                {"id":"@number","email":"a@b.org","phone":"@string?","createdAt":"@timestamp","ref":"@uuid"}
                """), json("""
                {"id":7,"email":"a@b.org","phone":null,"createdAt":"2024-01-01T09:00:00.123456Z",
                 "ref":"0b6f3f2e-2f7e-4a51-9d5c-3c1c2f0c9a10"}
                """), List.of())).isEmpty();
    }

    @Test
    void reportsMissingAndUnexpectedPropertiesAndWrongValuesByPointer() {
        assertThat(JsonExpectations.mismatches(json("""
                {"title":"Conflict","status":409,"detail":"@string"}
                """), json("""
                {"title":"Not found","status":409.0,"type":"about:blank"}
                """), List.of()))
                .containsExactlyInAnyOrder("(body): unexpected properties [type]",
                        "/title: expected \"Conflict\" but was \"Not found\"",
                        "/detail: missing, expected \"@string\"");
    }

    @Test
    void checksEveryElementOfAnArrayAgainstEach() {
        JsonNode expected = json("""
                {"items":{"@each":{"id":"@number"},"@minItems":1}}
                """);
        assertThat(JsonExpectations.mismatches(expected, json("{\"items\":[{\"id\":1},{\"id\":\"x\"}]}"), List.of()))
                .containsExactly("/items/1/id: expected @number but was \"x\"");
        assertThat(JsonExpectations.mismatches(expected, json("{\"items\":[]}"), List.of()))
                .containsExactly("/items: expected at least 1 elements but had 0");
    }

    @Test
    void ignoresValuesAtAllowedPointersButNotTheirAbsence() {
        JsonNode expected = json("{\"items\":[{\"updatedAt\":\"2024-01-01T00:00:00Z\"}]}");
        assertThat(JsonExpectations.mismatches(expected, json("{\"items\":[{\"updatedAt\":\"later\"}]}"),
                List.of("/items/*/updatedAt"))).isEmpty();
        assertThat(JsonExpectations.mismatches(expected, json("{\"items\":[{}]}"), List.of("/items/*/updatedAt")))
                .hasSize(1);
    }

    @Test
    void substitutesPlaceholdersKeepingTheTypeOfAWholeValue() {
        Map<String, JsonNode> values = Map.of("id", JsonNodeFactory.instance.numberNode(42L),
                "unique", JsonNodeFactory.instance.stringNode("u1"));
        JsonNode substituted = JsonExpectations.substitute(json("""
                {"id":"{{id}}","email":"ada.{{unique}}@example.org","detail":"Customer {{id}} does not exist"}
                """), values);
        assertThat(substituted.get("id").isNumber()).isTrue();
        assertThat(JsonExpectations.mismatches(json("""
                {"id":42,"email":"ada.u1@example.org","detail":"Customer 42 does not exist"}
                """), substituted, List.of())).isEmpty();
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
