package dev.strangler.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * What an app module of this repository serves and how its image runs, read from the module itself: its
 * {@code pom.xml} (actuator, the shared defaults of app-support, Jib's main class) and its {@code application.yaml}
 * over app-support's {@code strangler-defaults.properties} (ports, actuator paths, probe groups).
 */
record AppModule(Path directory, String artifactId, Map<String, String> settings, boolean actuator,
        String imageMainClass, String imageUser) {

    static AppModule of(Path repository, String module) {
        Path directory = repository.resolve(module);
        Document pom = xml(directory.resolve("pom.xml"));
        String artifactId = child(pom.getDocumentElement(), "artifactId");
        String dependencies = text(pom, "dependencies");
        Map<String, String> settings = new LinkedHashMap<>();
        if (dependencies.contains("app-support")) {
            Properties defaults = new Properties();
            try (InputStream in = Files.newInputStream(
                    repository.resolve("support/app-support/src/main/resources/strangler-defaults.properties"))) {
                defaults.load(in);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            defaults.forEach((key, value) -> settings.put((String) key, (String) value));
        }
        Path yaml = directory.resolve("src/main/resources/application.yaml");
        if (Files.exists(yaml)) {
            for (Object document : new Yaml().loadAll(read(yaml))) {
                flatten("", document, settings);
            }
        }
        String mainClass = null;
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("jib-maven-plugin".equals(child(plugin, "artifactId"))) {
                NodeList main = plugin.getElementsByTagName("mainClass");
                mainClass = main.getLength() == 0 ? null : main.item(0).getTextContent().strip();
            }
        }
        Document parent = xml(repository.resolve("pom.xml"));
        NodeList users = parent.getElementsByTagName("user");
        String user = users.getLength() == 0 ? null : users.item(0).getTextContent().strip();
        return new AppModule(directory, artifactId, settings, dependencies.contains("spring-boot-starter-actuator"),
                mainClass, user);
    }

    int serverPort() {
        return Integer.parseInt(this.settings.getOrDefault("server.port", "8080"));
    }

    /** The port actuator answers on: its own management port if set, else the server's. */
    int managementPort() {
        String port = this.settings.get("management.server.port");
        return port == null ? serverPort() : Integer.parseInt(port);
    }

    String healthPath() {
        return this.settings.getOrDefault("management.endpoints.web.base-path", "/actuator") + "/health";
    }

    boolean healthExposed() {
        return this.actuator && this.settings.getOrDefault("management.endpoints.web.exposure.include", "health")
            .contains("health");
    }

    boolean probeGroups() {
        return Boolean.parseBoolean(this.settings.get("management.endpoint.health.probes.enabled"));
    }

    /** The runnable jar {@code package} writes (spring-boot-maven-plugin, finalName = artifactId). */
    Path jar() {
        return this.directory.resolve("target/" + this.artifactId + ".jar");
    }

    String jarStartClass() {
        try (JarFile jar = new JarFile(jar().toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Start-Class");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + jar() + " (built by package)", ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value,
                    into));
        }
        else if (node != null) {
            into.put(prefix, String.valueOf(node));
        }
    }

    private static Document xml(Path file) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot read " + file, ex);
        }
    }

    private static String child(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        return null;
    }

    private static String text(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.getLength(); i++) {
            text.append(nodes.item(i).getTextContent());
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
