package dev.strangler.support.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class YamlDocumentTests {

    @Test
    void remembersTheLineOfEveryKeyAndItem() {
        YamlDocument document = read("""
                # a comment first
                plan: customers
                monolith:
                  tables: [customers,
                    orders]
                phases:
                  - name: extract
                    routes: {read: MONOLITH}
                """);
        YamlPath phases = YamlPath.root().key("phases");

        assertThat(document.line(YamlPath.root().key("plan"))).isEqualTo(2);
        assertThat(document.line(YamlPath.root().key("monolith").key("tables").index(1))).isEqualTo(5);
        assertThat(document.line(phases.index(0))).isEqualTo(7);
        assertThat(document.line(phases.index(0).key("routes").key("read"))).isEqualTo(8);
        assertThat(document.at(phases.index(0).key("name")).asString()).isEqualTo("extract");
    }

    @Test
    void namesTheNearestLineForAPathThatIsNotThere() {
        YamlDocument document = read("plan: customers\nmonolith:\n  module: customers\n");

        assertThat(document.line(YamlPath.root().key("monolith").key("tables"))).isEqualTo(2);
    }

    @Test
    void readsScalarsWithTheirYamlTypes() {
        YamlDocument document = read("a: 10\nb: 0.05\nc: true\nd: '10'\ne:\nf: yes\n");

        assertThat(document.root().get("a").isIntegralNumber()).isTrue();
        assertThat(document.root().get("b").isFloatingPointNumber()).isTrue();
        assertThat(document.root().get("c").isBoolean()).isTrue();
        assertThat(document.root().get("d").isString()).isTrue();
        assertThat(document.root().get("e").isNull()).isTrue();
        assertThat(document.root().get("f").isString()).as("YAML 1.2: yes is text").isTrue();
    }

    @Test
    void refusesADuplicateKeyOnTheLineOfItsSecondUse() {
        assertThatThrownBy(() -> read("plan: a\nwritesCutOver: false\nwritesCutOver: true\n"))
                .isInstanceOfSatisfying(InvalidYamlException.class, ex ->
                        assertThat(ex.problem().toString()).isEqualTo("3: writesCutOver: duplicate key"));
    }

    @Test
    void refusesAnAliasInsteadOfReadingItsName() {
        assertThatThrownBy(() -> read("a: &x 10\nb: *x\n"))
                .isInstanceOfSatisfying(InvalidYamlException.class, ex ->
                        assertThat(ex.problem().toString()).startsWith("2: b: aliases (*x) are not supported"));
    }

    @Test
    void refusesBrokenYamlNamingTheLine() {
        assertThatThrownBy(() -> read("a: 1\nb: [1, 2\nc: 3\n"))
                .isInstanceOfSatisfying(InvalidYamlException.class, ex -> {
                    assertThat(ex.problem().reason()).startsWith("not valid YAML: ");
                    assertThat(ex.problem().line()).isGreaterThanOrEqualTo(2);
                });
    }

    @Test
    void holdsNothingForAnEmptyDocument() {
        assertThat(read("# only a comment\n").isEmpty()).isTrue();
        assertThat(read("a: 1\n").isEmpty()).isFalse();
    }

    @Test
    void writesPathsAsPeopleAndPointersAsJsonSchemaDo() {
        YamlPath path = YamlPath.root().key("tables").index(0).key("a/b");

        assertThat(path).hasToString("tables[0].a/b");
        assertThat(path.pointer()).isEqualTo("/tables/0/a~1b");
        assertThat(YamlPath.root()).hasToString("(document)");
    }

    private static YamlDocument read(String yaml) {
        return YamlDocument.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
