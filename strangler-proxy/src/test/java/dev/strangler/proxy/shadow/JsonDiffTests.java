package dev.strangler.proxy.shadow;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.routing.ShadowPolicy;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDiffTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void equalDocumentsHaveNoDifferences() {
        assertThat(diff(strict(), "{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}", "{\"c\":{\"d\":null},\"b\":[1,2],\"a\":1}"))
            .isEmpty();
    }

    @Test
    void reportsEachDifferenceWithItsJsonPointer() {
        List<Difference> differences = diff(strict(),
                "{\"name\":\"Ada\",\"address\":{\"city\":\"London\"},\"tags\":[\"a\",\"b\"],\"gone\":1}",
                "{\"name\":\"Ada\",\"address\":{\"city\":\"Paris\"},\"tags\":[\"a\"],\"extra\":true}");

        assertThat(differences).containsExactlyInAnyOrder(new Difference("/address/city", "\"London\"", "\"Paris\""),
                new Difference("/tags/1", "\"b\"", "(absent)"), new Difference("/gone", "1", "(absent)"),
                new Difference("/extra", "(absent)", "true"));
    }

    @Test
    void ignoredPointersAndEverythingBelowThemAreLeftOut() {
        ShadowPolicy policy = policy(List.of("/updatedAt", "/audit"), false, BigDecimal.ZERO);

        assertThat(diff(policy, "{\"id\":1,\"updatedAt\":\"x\",\"audit\":{\"by\":\"a\"}}",
                "{\"id\":1,\"updatedAt\":\"y\",\"audit\":{\"by\":\"b\",\"at\":2}}")).isEmpty();
        assertThat(diff(policy, "{\"id\":1}", "{\"id\":2,\"updatedAt\":\"y\"}"))
            .containsExactly(new Difference("/id", "1", "2"));
    }

    @Test
    void aWildcardSegmentIgnoresAFieldInEveryArrayElement() {
        ShadowPolicy policy = policy(List.of("/items/*/updatedAt"), false, BigDecimal.ZERO);

        assertThat(diff(policy, "{\"items\":[{\"id\":1,\"updatedAt\":1},{\"id\":2,\"updatedAt\":2}]}",
                "{\"items\":[{\"id\":1,\"updatedAt\":9},{\"id\":2,\"updatedAt\":8}]}")).isEmpty();
    }

    @Test
    void arrayOrderCountsUnlessTheRuleSaysOtherwise() {
        String monolith = "[{\"id\":1},{\"id\":2},{\"id\":2}]";
        String service = "[{\"id\":2},{\"id\":1},{\"id\":2}]";

        assertThat(diff(strict(), monolith, service)).hasSize(2);
        assertThat(diff(policy(List.of(), true, BigDecimal.ZERO), monolith, service)).isEmpty();
    }

    @Test
    void unorderedArraysStillCompareAsMultisets() {
        List<Difference> differences = diff(policy(List.of(), true, BigDecimal.ZERO), "[1,2,2]", "[2,1,3]");

        assertThat(differences).containsExactlyInAnyOrder(new Difference("/2", "2", "(no equal element)"),
                new Difference("/2", "(no equal element)", "3"));
    }

    @Test
    void numbersWithinTheToleranceAreEqual() {
        ShadowPolicy policy = policy(List.of(), false, new BigDecimal("0.01"));

        assertThat(diff(policy, "{\"total\":10.00,\"count\":3}", "{\"total\":10.005,\"count\":3.0}")).isEmpty();
        assertThat(diff(policy, "{\"total\":10.00}", "{\"total\":10.02}"))
            .containsExactly(new Difference("/total", "10.0", "10.02"));
    }

    @Test
    void aTypeChangeIsADifference() {
        assertThat(diff(strict(), "{\"id\":1}", "{\"id\":\"1\"}")).containsExactly(new Difference("/id", "1", "\"1\""));
    }

    @Test
    void keysWithSlashesAndTildesAreEscapedInPointers() {
        assertThat(diff(strict(), "{\"a/b\":{\"c~d\":1}}", "{\"a/b\":{\"c~d\":2}}"))
            .containsExactly(new Difference("/a~1b/c~0d", "1", "2"));
    }

    private static List<Difference> diff(ShadowPolicy policy, String monolith, String service) {
        return new JsonDiff(policy).compare(JSON.readTree(monolith), JSON.readTree(service));
    }

    private static ShadowPolicy strict() {
        return policy(List.of(), false, BigDecimal.ZERO);
    }

    private static ShadowPolicy policy(List<String> ignore, boolean ignoreArrayOrder, BigDecimal tolerance) {
        return new ShadowPolicy(false, List.of(), ignore, ignoreArrayOrder, tolerance, false);
    }

}
