package dev.strangler.plans.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ModuleFormTests {

    private static final String BASE = "com.acme.clinic";

    @Test
    void aFeaturePackageThatHoldsEveryUserOfThePlansTablesAndNoOtherTableIsTheModule() {
        ModuleForm form = ModuleForm.of(Map.of(BASE + ".visits.internal.VisitRows", tables("visits", "vet_slots"),
                BASE + ".visits.Visits", tables("visits"), BASE + ".owners.Owners", tables("owners")), BASE, "visit",
                List.of("visits", "vet_slots"));

        assertThat(form.yaml()).isEqualTo("visits");
    }

    @Test
    void aLayerThatAlsoHoldsOtherTablesUsersMakesTheModuleTheClassesThatUseTheTables() {
        ModuleForm form = ModuleForm.of(Map.of(BASE + ".repository.Visits", tables("visits"),
                BASE + ".repository.Owners", tables("owners")), BASE, "visit", List.of("visits"));

        assertThat(form.yaml()).isEqualTo("{name: visit, usingTables: true}");
        assertThat(String.join(" ", form.why())).contains("Organised by layer", "repository.Visits", "owners");
    }

    @Test
    void withoutTheClassesTheModuleIsTheClassesThatUseTheTablesAndItSaysHowToLook() {
        ModuleForm form = ModuleForm.of(null, BASE, "visit", List.of("visits"));

        assertThat(form.yaml()).isEqualTo("{name: visit, usingTables: true}");
        assertThat(String.join(" ", form.why())).contains("--monolith-classes");
    }

    private static SortedSet<String> tables(String... names) {
        return new TreeSet<>(List.of(names));
    }
}
