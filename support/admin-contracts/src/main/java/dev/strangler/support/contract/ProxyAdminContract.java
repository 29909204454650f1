package dev.strangler.support.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;

/**
 * What the control plane (the plan runner, the console's dashboard, the CLI) relies on from the proxy's admin API:
 * paths, status codes, JSON member names, RFC 9457 problem documents on bad input, the bearer token. Run it from a
 * {@code @TestFactory} against anything that claims to be that API:
 *
 * <pre>
 * &#64;TestFactory
 * Stream&lt;DynamicTest&gt; keepsTheAdminContract() {
 *     return ProxyAdminContract.against(URI.create("http://127.0.0.1:" + adminPort + "/"), token, "customers-read");
 * }
 * </pre>
 *
 * Each test leaves the rule as it found it (it switches and switches back), so the contract can share a running
 * proxy with other tests; the audit log gains entries by actor {@code contract-test}.
 */
public final class ProxyAdminContract {

    private static final String UNKNOWN_RULE = "no-such-rule";

    private final AdminCalls admin;

    private final String rule;

    private ProxyAdminContract(URI admin, String token, String rule) {
        this.admin = new AdminCalls(admin, token);
        this.rule = rule;
    }

    /**
     * The contract's tests against the admin API at {@code admin} (its root, e.g. {@code http://127.0.0.1:8001/}).
     *
     * @param token the bearer token it accepts
     * @param rule the id of a rule it routes, which the tests switch and put back
     */
    public static Stream<DynamicTest> against(URI admin, String token, String rule) {
        ProxyAdminContract contract = new ProxyAdminContract(admin, token, rule);
        return Stream.of(
                dynamicTest("refuses a call without the bearer token", contract::refusesACallWithoutTheToken),
                dynamicTest("lists every rule with its mode and ETag", contract::listsEveryRuleWithItsModeAndEtag),
                dynamicTest("shows one rule as the list does", contract::showsOneRuleAsTheListDoes),
                dynamicTest("switches a rule and records who and why", contract::switchesARuleAndRecordsWhoAndWhy),
                dynamicTest("holds a rule and lets it go again", contract::holdsARuleAndLetsItGoAgain),
                dynamicTest("refuses a bad change naming the field and changes nothing",
                        contract::refusesABadChangeNamingTheFieldAndChangesNothing),
                dynamicTest("refuses a switch based on a stale ETag", contract::refusesASwitchBasedOnAStaleEtag),
                dynamicTest("answers not found for an unknown rule", contract::answersNotFoundForAnUnknownRule),
                dynamicTest("reports the shadow comparisons of a rule", contract::reportsTheShadowComparisonsOfARule),
                dynamicTest("reports the traffic of a rule by backend", contract::reportsTheTrafficOfARuleByBackend),
                dynamicTest("reports meters with name, tags and values", contract::reportsMetersWithNameTagsAndValues));
    }

    private void refusesACallWithoutTheToken() {
        admin.refusesWithoutTheToken("/admin/routes", "PUT", path(), "{\"mode\":\"SHADOW\",\"reason\":\"no token\"}",
                () -> admin.get(path()).ok().body().path("etag").asString());
    }

    private void listsEveryRuleWithItsModeAndEtag() {
        JsonNode rules = admin.get("/admin/routes").ok().body();

        assertThat(rules.isArray()).as("a JSON array: %s", rules).isTrue();
        JsonNode view = AdminCalls.find(rules, "id", rule);
        AdminCalls.hasMembers(view, "id", "methods", "path", "backend", "mode", "percent", "why", "version", "etag");
        assertThat(view.path("methods").isArray()).as("methods").isTrue();
        assertThat(view.path("percent").isInt()).as("percent").isTrue();
        assertThat(view.path("etag").asString()).startsWith("\"").endsWith("\"");
    }

    private void showsOneRuleAsTheListDoes() {
        JsonNode listed = AdminCalls.find(admin.get("/admin/routes").ok().body(), "id", rule);

        JsonNode one = admin.get(path()).ok().body();

        assertThat(one.path("id").asString()).isEqualTo(rule);
        assertThat(one.path("mode").asString()).isEqualTo(listed.path("mode").asString());
        assertThat(one.path("percent").asInt()).isEqualTo(listed.path("percent").asInt());
        assertThat(one.path("etag").asString()).isEqualTo(listed.path("etag").asString());
    }

    private void switchesARuleAndRecordsWhoAndWhy() {
        JsonNode before = admin.get(path()).ok().body();

        JsonNode switched = admin.put(path(), "{\"mode\":\"CANARY\",\"percent\":10,\"reason\":\"contract: a canary\"}")
                .ok().body();
        JsonNode audit = admin.get("/admin/audit?limit=5").ok().body();
        JsonNode back = putBack(before);

        assertThat(switched.path("id").asString()).isEqualTo(rule);
        assertThat(switched.path("mode").asString()).isEqualTo("CANARY");
        assertThat(switched.path("percent").asInt()).isEqualTo(10);
        assertThat(switched.path("etag").asString()).isNotEqualTo(before.path("etag").asString());
        assertThat(audit.isArray()).as("the audit log, a JSON array: %s", audit).isTrue();
        // Oldest first: the switch just made is the last entry.
        JsonNode entry = audit.get(audit.size() - 1);
        AdminCalls.hasMembers(entry, "at", "actor", "rule", "fromMode", "fromPercent", "toMode", "toPercent",
                "reason");
        assertThat(entry.path("actor").asString()).isEqualTo(AdminCalls.ACTOR);
        assertThat(entry.path("rule").asString()).isEqualTo(rule);
        assertThat(entry.path("fromMode").asString()).isEqualTo(before.path("mode").asString());
        assertThat(entry.path("toMode").asString()).isEqualTo("CANARY");
        assertThat(entry.path("toPercent").asInt()).isEqualTo(10);
        assertThat(entry.path("reason").asString()).isEqualTo("contract: a canary");
        assertThat(back.path("mode").asString()).isEqualTo(before.path("mode").asString());
    }

    /** The runner holds the write rules that change sides during a cutover; a held rule with nothing in flight. */
    private void holdsARuleAndLetsItGoAgain() {
        JsonNode before = admin.get(path()).ok().body();

        JsonNode held = admin.put(path(), "{\"mode\":\"HOLD\",\"reason\":\"contract: hold\"}").ok().body();
        JsonNode back = putBack(before);

        assertThat(held.path("mode").asString()).isEqualTo("HOLD");
        assertThat(back.path("mode").asString()).isEqualTo(before.path("mode").asString());
    }

    private void refusesABadChangeNamingTheFieldAndChangesNothing() {
        String before = admin.get(path()).ok().body().path("etag").asString();

        admin.put(path(), "{\"mode\":\"SIDEWAYS\",\"reason\":\"r\"}").problem(400).naming("mode");
        admin.put(path(), "{\"mode\":\"CANARY\",\"percent\":101,\"reason\":\"r\"}").problem(400).naming("percent");
        admin.put(path(), "{\"mode\":\"CANARY\",\"reason\":\"r\"}").problem(400).naming("percent");
        admin.put(path(), "{\"mode\":\"SHADOW\"}").problem(400).naming("reason");
        admin.put(path(), "{\"mode\":\"SHADOW\",\"reason\":\"one\\ntwo\"}").problem(400).naming("reason");
        admin.put(path(), "{\"mode\":\"SHADOW\",\"reason\":\"r\",\"backend\":\"elsewhere\"}").problem(400)
                .naming("backend");
        admin.put(path(), "{\"mode\":").problem(400).naming("body");

        assertThat(admin.get(path()).ok().body().path("etag").asString()).isEqualTo(before);
    }

    private void refusesASwitchBasedOnAStaleEtag() {
        String before = admin.get(path()).ok().body().path("etag").asString();

        admin.put(path(), "{\"mode\":\"SHADOW\",\"reason\":\"contract: a stale view\"}", "If-Match",
                "\"" + rule + "-v0\"").problem(412);

        assertThat(admin.get(path()).ok().body().path("etag").asString()).isEqualTo(before);
    }

    private void answersNotFoundForAnUnknownRule() {
        admin.get("/admin/routes/" + UNKNOWN_RULE).problem(404);
        admin.put("/admin/routes/" + UNKNOWN_RULE, "{\"mode\":\"SHADOW\",\"reason\":\"r\"}").problem(404);
        admin.get("/admin/routes/" + UNKNOWN_RULE + "/shadow").problem(404);
        admin.get("/admin/routes/" + UNKNOWN_RULE + "/traffic?window=PT30S").problem(404);
    }

    private void reportsTheShadowComparisonsOfARule() {
        JsonNode report = admin.get(path() + "/shadow").ok().body();

        AdminCalls.hasMembers(report, "compared", "matched", "differed", "failed", "diffRate", "latestDiffs");
        assertThat(report.path("latestDiffs").isArray()).as("latestDiffs").isTrue();
    }

    private void reportsTheTrafficOfARuleByBackend() {
        JsonNode traffic = admin.get(path() + "/traffic?window=PT30S").ok().body();

        AdminCalls.hasMembers(traffic, "rule", "window", "covered", "historySince", "byBackend");
        assertThat(traffic.path("rule").asString()).isEqualTo(rule);
        assertThat(traffic.path("window").asString()).isEqualTo("PT30S");
        assertThat(traffic.path("covered").isBoolean()).as("covered").isTrue();
        assertThat(traffic.path("byBackend").isObject()).as("byBackend").isTrue();
    }

    private void reportsMetersWithNameTagsAndValues() {
        JsonNode meters = admin.get("/admin/metrics").ok().body();

        assertThat(meters.isArray()).as("a JSON array: %s", meters).isTrue();
        meters.forEach(meter -> {
            AdminCalls.hasMembers(meter, "name", "tags", "values");
            assertThat(meter.path("tags").isObject()).as("tags of %s", meter).isTrue();
            assertThat(meter.path("values").isObject()).as("values of %s", meter).isTrue();
        });
    }

    /** Switches the rule back to the mode and percent it had. */
    private JsonNode putBack(JsonNode before) {
        return admin.put(path(), "{\"mode\":\"" + before.path("mode").asString() + "\",\"percent\":"
                + before.path("percent").asInt() + ",\"reason\":\"contract: as it was\"}").ok().body();
    }

    private String path() {
        return "/admin/routes/" + rule;
    }
}
