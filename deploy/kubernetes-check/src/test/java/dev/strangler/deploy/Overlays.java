package dev.strangler.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * deploy/kubernetes rendered as a user renders it from a clone of the repository: the overlays prepared by
 * {@code deploy/kubernetes/prepare} (and, for your own monolith, the credential files the user writes), then built by
 * kustomize itself. The clone lives in a scratch directory: deploy/kubernetes is copied there (without what git
 * ignores), every other entry of the repository is linked, so what the preparation writes never lands in the
 * repository, and a kustomization reaching outside its own directory is refused exactly as in a clone.
 */
final class Overlays {

    static final String BASE = "base";
    static final String SAMPLE_SHOP = "overlays/sample-shop";
    static final String YOUR_MONOLITH = "overlays/your-monolith";
    /** The sample shop with the Strimzi Kafka Connect option in place of cdc-sync. */
    static final String SAMPLE_SHOP_ON_CONNECT = "overlays/sample-shop-on-connect";
    /**
     * A user's own stack directory outside the kit's deploy/kubernetes, set up as docs/deploy.md tells: the
     * your-monolith example's files in it, its base named by a relative path (relative to deploy/kubernetes).
     */
    static final String YOUR_STACK = "../../your-stack";

    /** Rendered once for all test classes: the objects outlive the scratch directory they came from. */
    private static Map<String, List<HasMetadata>> renderings;

    private Overlays() {
    }

    /**
     * Every rendering, by name: the base, each overlay, the sample shop with the Connect option, and a stack
     * directory of the user's own; prepared in {@code scratch} on first use.
     */
    static synchronized Map<String, List<HasMetadata>> all(Path scratch) {
        if (renderings == null) {
            Path kubernetes = prepared(scratch);
            Map<String, List<HasMetadata>> rendered = new LinkedHashMap<>();
            for (String name : List.of(BASE, SAMPLE_SHOP, YOUR_MONOLITH, SAMPLE_SHOP_ON_CONNECT, YOUR_STACK)) {
                rendered.put(name, Manifests.rendered(kubernetes.resolve(name)));
            }
            renderings = rendered;
        }
        return renderings;
    }

    /**
     * deploy/kubernetes of a scratch clone, with both overlays and a stack directory of the user's own prepared as
     * docs/deploy.md tells the user, and an overlay adding the Connect option to the sample shop as docs/deploy.md
     * shows. Skips the calling test when kustomize is not installed.
     */
    private static Path prepared(Path scratch) {
        Kustomize.assumeInstalled();
        Path kubernetes = clone(scratch).resolve("deploy/kubernetes");
        Path prepare = kubernetes.resolve("prepare");
        run(prepare.toString(), "sample-shop");
        run(prepare.toString(), "your-monolith");
        writeYourCredentials(kubernetes.resolve(YOUR_MONOLITH));

        // docs/deploy.md, "Your own monolith": the kustomization and its env files copied into the stack directory
        // (here with the example's stack files), the base named by a relative path, prepare run on the directory.
        Path stack = kubernetes.resolve(YOUR_STACK).normalize();
        try {
            copy(kubernetes.resolve(YOUR_MONOLITH), stack);
            Path kustomization = stack.resolve("kustomization.yaml");
            String original = Files.readString(kustomization);
            String base = "  - " + stack.relativize(kubernetes.resolve(BASE)) + "\n";
            String own = original.replace("  - ../../base\n", base);
            if (own.equals(original)) {
                throw new IllegalStateException(kustomization + ": names no ../../base to point elsewhere");
            }
            Files.writeString(kustomization, own);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        run(prepare.toString(), "your-monolith", stack.toString());
        writeYourCredentials(stack);

        write(kubernetes.resolve(SAMPLE_SHOP_ON_CONNECT).resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../sample-shop
                components:
                  - ../../options/strimzi-connect
                """);
        return kubernetes;
    }

    /**
     * A clone of the repository in a new directory under {@code scratch}: deploy/kubernetes copied without the
     * contents of directories whose .gitignore ignores everything (secrets/, copied/), everything else linked to the
     * repository.
     */
    private static Path clone(Path scratch) {
        Path repository = Manifests.repository();
        try {
            Path clone = Files.createTempDirectory(scratch, "clone");
            Files.createDirectories(clone.resolve("deploy"));
            link(repository, clone, "deploy");
            link(repository.resolve("deploy"), clone.resolve("deploy"), "kubernetes");
            copy(repository.resolve("deploy/kubernetes"), clone.resolve("deploy/kubernetes"));
            return clone;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Links every entry of {@code from} into {@code to} but the one named {@code except}. */
    private static void link(Path from, Path to, String except) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Path ignore = from.resolve(".gitignore");
        boolean ignoresAll = Files.exists(ignore) && Files.readAllLines(ignore).contains("*");
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                Path target = to.resolve(entry.getFileName().toString());
                if (Files.isDirectory(entry)) {
                    copy(entry, target);
                }
                else if (!ignoresAll || entry.equals(ignore)) {
                    Files.copy(entry, target);
                }
            }
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(Stream.concat(Stream.of("bash"), Stream.of(command)).toList())
                .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** What the user writes for their own monolith: the stack's password-env variables, the route-state login. */
    private static void writeYourCredentials(Path directory) {
        Path secrets = directory.resolve("secrets");
        write(secrets.resolve("cdc-sync.env"), "CLINIC_DB_PASSWORD=clinic-secret\nVISITS_DB_PASSWORD=visits-secret\n");
        write(secrets.resolve("strangler-proxy.env"), "STRANGLER_PROXY_STATE_POSTGRES_USERNAME=strangler\n"
                + "STRANGLER_PROXY_STATE_POSTGRES_PASSWORD=route-state-secret\n");
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
