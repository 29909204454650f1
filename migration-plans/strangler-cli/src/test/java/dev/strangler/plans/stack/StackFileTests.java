package dev.strangler.plans.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a stack file: the brief's shape, with every problem named as file:line: key: reason. */
class StackFileTests {

    /** A stack the kit did not write: a clinic with a context path, its own PostgreSQL, one service. */
    static final String CLINIC = """
            # yaml-language-server: $schema=../stack.schema.json
            stack: clinic
            home: .strangler
            monolith:
              url: http://localhost:8080/clinic
              health: http://localhost:8080/clinic/actuator/health
              database: {url: "jdbc:postgresql://localhost:5432/clinic", user: clinic, password-env: CLINIC_DB_PASSWORD}
              start: {jar: build/clinic.jar, args: ["--server.port=${port}"]}
              classes: build/classes/java/main
            services:
              - name: visit-service
                url: http://localhost:8081
                database: {url: "jdbc:postgresql://localhost:5432/visits", user: visits}
            engines:
              proxy: {port: 8000, admin-port: 8001}
              sync: {admin-port: 8090}
              plans: {port: 8095}
            rules: proxy-rules.yaml
            pipelines: pipelines
            plans: plans
            """;

    @TempDir
    Path directory;

    @Test
    void readsAStackTheKitDidNotWriteWithPathsRelativeToTheFile() throws IOException {
        StackFile stack = StackFile.read(write(CLINIC));

        assertThat(stack.name()).isEqualTo("clinic");
        assertThat(stack.home()).isEqualTo(directory.resolve(".strangler"));
        assertThat(stack.postgres()).isNull();
        assertThat(stack.monolith().start().jar()).isEqualTo(directory.resolve("build/clinic.jar"));
        assertThat(stack.monolith().database().passwordEnv()).isEqualTo("CLINIC_DB_PASSWORD");
        assertThat(stack.services()).singleElement().satisfies(service -> {
            assertThat(service.name()).isEqualTo("visit-service");
            assertThat(service.health()).as("health defaults to the URL").isEqualTo("http://localhost:8081");
            assertThat(service.start()).as("no start: up does not start it").isNull();
        });
        assertThat(stack.rules()).isEqualTo(directory.resolve("proxy-rules.yaml"));
        assertThat(stack.plans()).isEqualTo(directory.resolve("plans"));
    }

    @Test
    void laysOutOnlyTheAppsItMayStartAndProbesTheOthers() throws IOException {
        StackLayout layout = StackLayout.of(StackFile.read(write(CLINIC)), Path.of("/kit"), directory, 0);

        assertThat(layout.components()).extracting(Component::name).containsExactly("monolith", "visit-service",
                "cdc-sync", "plan-console", "strangler-proxy");
        assertThat(layout.components().get(1).startable()).isFalse();
        assertThat(layout.components().get(1).healthUrl()).isEqualTo("http://localhost:8081");
        assertThat(layout.databases()).as("no embedded PostgreSQL: the databases are the user's").isEmpty();
        assertThat(layout.components().get(4).arguments()).contains(
                "--strangler.proxy.backends.monolith=http://localhost:8080",
                "--strangler.proxy.backends.visit-service=http://localhost:8081");
        assertThat(layout.components().get(0).arguments()).containsExactly("--server.port=8080");
    }

    @Test
    void refusesAnUnknownKeyNamingFileLineAndKey() throws IOException {
        Path file = write(CLINIC.replace("  plans: {port: 8095}", "  plans: {port: 8095}\n  dashboard: {port: 1}"));

        assertThatThrownBy(() -> StackFile.read(file)).isInstanceOf(InvalidStackException.class)
                .hasMessageStartingWith(file + ":18: engines.dashboard: unknown key (known: [proxy, sync, plans])");
    }

    @Test
    void refusesAPortThatIsNotOne() throws IOException {
        Path file = write(CLINIC.replace("admin-port: 8001", "admin-port: eighty"));

        assertThatThrownBy(() -> StackFile.read(file))
                .hasMessageStartingWith(file + ":15: engines.proxy.admin-port: must be an integer but is 'eighty'");
    }

    @Test
    void refusesAStartWithNeitherJarNorCommand() throws IOException {
        Path file = write(CLINIC.replace("start: {jar: build/clinic.jar, args: [\"--server.port=${port}\"]}",
                "start: {args: []}"));

        assertThatThrownBy(() -> StackFile.read(file))
                .hasMessage(file + ":8: monolith.start: needs a jar or a command");
    }

    @Test
    void refusesAnUnknownPlaceholderInArguments() throws IOException {
        Path file = write(CLINIC.replace("${port}", "${visits-service.url}"));

        assertThatThrownBy(() -> StackFile.read(file)).hasMessageStartingWith(file
                + ":8: monolith.start.args[0]: unknown placeholder ${visits-service.url}");
    }

    @Test
    void refusesAServiceNamedTwice() throws IOException {
        Path file = write(CLINIC.replace("engines:", """
                  - name: visit-service
                    url: http://localhost:8082
                engines:"""));

        assertThatThrownBy(() -> StackFile.read(file))
                .hasMessage(file + ":14: services[1].name: 'visit-service' is named twice");
    }

    @Test
    void readsTheSampleShopsStackFile() {
        StackFile shop = StackFile.read(TestStacks.SHOP);

        assertThat(shop.name()).isEqualTo("shop");
        assertThat(shop.postgres().embedded()).isTrue();
        assertThat(shop.services()).extracting(StackFile.App::name).containsExactly("customer-service",
                "order-service");
        assertThat(shop.plans()).isDirectory();
        assertThat(shop.pipelines()).isDirectory();
        assertThat(shop.rules()).isRegularFile();
    }

    private Path write(String text) throws IOException {
        return Files.writeString(directory.resolve(StackFile.FILE_NAME), text);
    }
}
