package dev.strangler.support.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class YamlSchemaTests {

    private static final YamlSchema SCHEMA = YamlSchema.of(JsonMapper.builder().build().readTree("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["name", "phases"],
              "additionalProperties": false,
              "properties": {
                "name": {"type": "string", "pattern": "^[a-z]+$"},
                "size": {"type": "integer", "minimum": 1, "maximum": 10},
                "mode": {"enum": ["ON", "OFF"]},
                "flag": {"type": ["boolean", "string"], "pattern": "^\\\\$\\\\{[^}]+}$"},
                "why": {"type": "string", "minLength": 1},
                "columns": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": "^[a-z_]+$"},
                            "additionalProperties": {"type": "string"}},
                "phases": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/phase"}}
              },
              "$defs": {
                "phase": {"type": "object", "required": ["name"], "additionalProperties": false,
                          "properties": {"name": {"type": "string"}, "gate": {"type": "number", "maximum": 1}}}
              }
            }
            """));

    @Test
    void acceptsADocumentThatHolds() {
        assertThat(check("""
                name: shop
                size: 3
                mode: ON
                flag: ${FLAG:true}
                columns: {given_name: first_name}
                phases:
                  - name: one
                    gate: 0.5
                """)).isEmpty();
    }

    @Test
    void namesLinePathAndReasonOfEveryProblem() {
        List<YamlProblem> problems = check("""
                name: Shop
                size: big
                mode: SIDEWAYS
                flag: yes please
                why: ""
                coffee: strong
                columns: {Given: first_name}
                phases:
                  - name: one
                    gate: 5
                  - tea: green
                """);

        assertThat(problems).extracting(YamlProblem::toString).containsExactly(
                "1: name: 'Shop' does not match ^[a-z]+$",
                "2: size: must be an integer but is 'big'",
                "3: mode: 'SIDEWAYS' is not one of [ON, OFF]",
                "4: flag: 'yes please' does not match ^\\$\\{[^}]+}$",
                "5: why: must not be empty",
                "6: coffee: unknown key (known: [name, size, mode, flag, why, columns, phases])",
                "7: columns.Given: 'Given' is not a valid key: it does not match ^[a-z_]+$",
                "10: phases[0].gate: 5 is above the maximum 1",
                "11: phases[1].name: is required",
                "11: phases[1].tea: unknown key (known: [name, gate])");
    }

    @Test
    void namesTheMappingThatLacksARequiredKey() {
        assertThat(check("size: 3\nphases: []\n")).extracting(YamlProblem::toString).containsExactly(
                "1: name: is required", "2: phases: needs at least 1 item(s)");
    }

    @Test
    void reportsTheFirstProblemByLineAndHowManyMoreThereAre() {
        YamlDocument document = YamlDocument.read(new ByteArrayInputStream(
                "size: 30\nname: Shop\nphases: []\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(SCHEMA.firstProblem(document)).hasValueSatisfying(problem -> assertThat(problem).hasToString(
                "1: size: 30 is above the maximum 10 (and 2 more problem(s))"));
        assertThat(SCHEMA.firstProblem(YamlDocument.read(new ByteArrayInputStream(
                "name: shop\nphases: [{name: one}]\n".getBytes(StandardCharsets.UTF_8))))).isEmpty();
    }

    @Test
    void refusesAWrongTypeSayingWhatWasFound() {
        assertThat(check("name: [a]\nphases: {}\n")).extracting(YamlProblem::toString).containsExactly(
                "1: name: must be a string but is a list", "2: phases: must be a list but is a mapping");
        assertThat(check("")).extracting(YamlProblem::toString).containsExactly(
                "0: (document): must be a mapping but is empty");
    }

    private static List<YamlProblem> check(String yaml) {
        return SCHEMA.check(YamlDocument.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }
}
