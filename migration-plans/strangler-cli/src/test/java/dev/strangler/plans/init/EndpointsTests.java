package dev.strangler.plans.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTests {

    @Test
    void groupsTheOpenApiPathsIntoResourcesUnderTheServersContextPath() throws IOException {
        Endpoints.Surface surface = Endpoints.fromOpenApi(clinicOpenApi(), "openapi.yaml", null);

        assertThat(surface.contextPath()).isEqualTo("/clinic");
        assertThat(surface.resources()).extracting(r -> r.name() + " " + r.path() + " " + r.methods())
                .containsExactly("owners /api/owners [POST, GET]", "visits /api/visits [GET, POST]",
                        "vets /api/vets [GET]");
    }

    @Test
    void proposesShadowSettingsForPerInstanceFieldsAndUnorderedLists() throws IOException {
        Endpoints.Resource visits = resource(Endpoints.fromOpenApi(clinicOpenApi(), "openapi.yaml", null), "visits");

        assertThat(visits.shadow().ignore()).containsOnlyKeys("/*/requestId", "/*/_links/self/href", "/requestId",
                "/_links/self/href", "/instance");
        assertThat(visits.shadow().ignore().get("/instance")).contains("problem's instance");
        assertThat(visits.shadow().ignore().get("/requestId")).contains("request id");
        assertThat(visits.shadow().ignore().get("/_links/self/href")).contains("absolute URL");
        assertThat(visits.shadow().unorderedArrays()).contains("ORDER BY");
        assertThat(visits.shadow().notFoundVersusEmpty()).isEmpty();
    }

    @Test
    void keepsDataTimestampsAndIgnoresOnlyStamps() {
        String api = """
                openapi: 3.0.3
                paths:
                  /api/notes/{id}:
                    get:
                      responses:
                        "200":
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  createdAt: {type: string, format: date-time}
                                  updatedAt: {type: string, format: date-time}
                                  timestamp: {type: string, format: date-time}
                """;
        Endpoints.Resource notes = Endpoints.fromOpenApi(api, "api", null).resources().get(0);

        assertThat(notes.shadow().ignore()).containsOnlyKeys("/updatedAt", "/timestamp");
        assertThat(notes.shadow().unorderedArrays()).isNull();
    }

    @Test
    void namesAListThatMayAlsoBeA404() throws IOException {
        Endpoints.Resource vets = resource(Endpoints.fromOpenApi(clinicOpenApi(), "openapi.yaml", null), "vets");

        assertThat(vets.shadow().notFoundVersusEmpty()).containsExactly("/api/vets/{code}/slots");
        assertThat(RulesFile.render("clinic", URI.create("http://localhost:8080/clinic"),
                Endpoints.fromOpenApi(clinicOpenApi(), "openapi.yaml", null), List.of(), List.of()))
                .contains("backends:\n      monolith: http://localhost:8080\n");
    }

    @Test
    void readsSpringBootsMappingsWithTheContextPathFromTheirUrl() {
        String mappings = """
                {"contexts": {"clinic": {"mappings": {"dispatcherServlets": {"dispatcherServlet": [
                  {"details": {"requestMappingConditions": {"methods": ["GET"], "patterns": ["/api/visits/{id}"]}}},
                  {"details": {"requestMappingConditions": {"methods": ["POST"], "patterns": ["/api/visits"]}}},
                  {"details": {"requestMappingConditions": {"methods": [], "patterns": ["/error"]}}}
                ]}}}}}""";

        Endpoints.Surface surface = Endpoints.fromMappings(mappings,
                URI.create("http://localhost:8080/clinic/actuator/mappings"), null);

        assertThat(surface.contextPath()).isEqualTo("/clinic");
        assertThat(surface.resources()).extracting(r -> r.path() + " " + r.methods())
                .containsExactly("/api/visits [GET, POST]");
    }

    @Test
    void refusesMappingsWithoutAnyRequestMapping() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoints.fromMappings("{\"contexts\": {}}",
                URI.create("http://localhost:8080/actuator/mappings"), null))
                .withMessageContaining("no request mappings found");
    }

    @Test
    void takesPathsAsTheMonolithServesThem() {
        Endpoints.Surface surface = Endpoints.fromPaths(List.of("/clinic/api/visits", "/clinic/api/v2/owners"),
                "/clinic");

        assertThat(surface.resources()).extracting(Endpoints.Resource::path)
                .containsExactly("/api/visits", "/api/v2/owners");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoints.fromPaths(List.of("api"), null))
                .withMessageContaining("must start with '/'");
    }

    @Test
    void matchesResourcesToTablesByName() {
        assertThat(StarterStack.matches("visits", "visits")).isTrue();
        assertThat(StarterStack.matches("visits", "visit_audit")).isTrue();
        assertThat(StarterStack.matches("vets", "vet_slots")).isTrue();
        assertThat(StarterStack.matches("addresses", "address")).isTrue();
        assertThat(StarterStack.matches("owners", "visits")).isFalse();
        assertThat(StarterStack.matches("vets", "visits")).isFalse();
    }

    private static Endpoints.Resource resource(Endpoints.Surface surface, String name) {
        return surface.resources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private static String clinicOpenApi() throws IOException {
        try (InputStream in = EndpointsTests.class.getResourceAsStream("/fixture/clinic/openapi.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
