package dev.strangler.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container images (Jib, configured in the parent pom and each app's pom) against the jars the build makes: each
 * image runs its jar's Start-Class, the manifests run the image of their module, and the engines' entry points start
 * with the images' JVM flags. Building the images themselves needs a registry for the base image, so it is not part
 * of verify (docs/deploy.md).
 */
class ImagesTests {

    @TempDir
    Path scratch;

    @Test
    void eachDeploymentRunsTheImageOfItsModuleWithItsJarsMainClass() {
        List<HasMetadata> shop = Overlays.all(this.scratch).get(Overlays.SAMPLE_SHOP);
        List<String> checked = new ArrayList<>();
        for (HasMetadata resource : shop) {
            if (!(resource instanceof Deployment deployment)) {
                continue;
            }
            Path module = Manifests.repository()
                .resolve(deployment.getMetadata().getAnnotations().get("strangler.dev/module"));
            AppModule app = AppModule.of(Manifests.repository(), Manifests.repository().relativize(module).toString());
            String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
            assertThat(image).as(deployment.getMetadata().getName())
                .startsWith("strangler-kit/" + app.artifactId() + ":");
            assertThat(app.imageMainClass()).as(app.artifactId() + ": Jib's mainClass").isNotNull()
                .isEqualTo(app.jarStartClass());
            checked.add(app.artifactId());
        }
        assertThat(checked).contains("strangler-proxy", "cdc-sync", "plan-console", "legacy-monolith",
                "customer-service", "order-service");
    }

    @Test
    void theEnginesEntryPointsStartWithTheImagesJvmFlags() throws Exception {
        List<String> flags = jvmFlags();
        assertThat(flags).anyMatch(flag -> flag.startsWith("-XX:MaxRAMPercentage="));
        for (String module : List.of("strangler-proxy", "cdc-sync")) {
            AppModule app = AppModule.of(Manifests.repository(), module);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags.stream().filter(flag -> !flag.startsWith("-Djava.io.tmpdir")).toList());
            command.add("-Djava.io.tmpdir=" + this.scratch);
            command.addAll(List.of("-jar", app.jar().toString(), "--help"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(module).isTrue();
            assertThat(process.exitValue()).as(module + ": " + output).isZero();
            assertThat(output).as(module).contains("Usage: java -jar " + module + ".jar");
        }
    }

    /** The JVM flags every image starts with (the parent pom's Jib configuration). */
    private static List<String> jvmFlags() throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(Manifests.repository().resolve("pom.xml").toFile()).getElementsByTagName("jvmFlag");
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            flags.add(nodes.item(i).getTextContent().strip());
        }
        return flags;
    }
}
