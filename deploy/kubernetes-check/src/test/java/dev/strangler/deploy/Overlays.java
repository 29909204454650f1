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

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * deploy/kubernetes rendered as a user would: the secret files written by {@code make-secrets} (and, for your own
 * monolith, the credential files the user writes) into a scratch directory, never into the repository.
 */
final class Overlays {

    static final String BASE = "base";
    static final String SAMPLE_SHOP = "overlays/sample-shop";
    static final String YOUR_MONOLITH = "overlays/your-monolith";
    /** The sample shop with the Strimzi Kafka Connect option in place of cdc-sync. */
    static final String SAMPLE_SHOP_ON_CONNECT = "sample-shop + options/strimzi-connect";

    private Overlays() {
    }

    /** Every rendering, by name: the base, each overlay, and the sample shop with the Connect option. */
    static Map<String, List<HasMetadata>> all(Path scratch) {
        Path kubernetes = Manifests.kubernetes();
        Map<String, List<HasMetadata>> all = new LinkedHashMap<>();
        all.put(BASE, Manifests.rendered(kubernetes.resolve(BASE), path -> path));
        for (String overlay : List.of(SAMPLE_SHOP, YOUR_MONOLITH)) {
            Path secrets = secrets(scratch, overlay);
            Path own = kubernetes.resolve(overlay).resolve("secrets");
            all.put(overlay, Manifests.rendered(kubernetes.resolve(overlay),
                    path -> path.startsWith(own) ? secrets.resolve(own.relativize(path)) : path));
        }
        Path withConnect = scratch.resolve("sample-shop-on-connect");
        write(withConnect.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(kubernetes.resolve(SAMPLE_SHOP), kubernetes.resolve("options/strimzi-connect")));
        Path shopSecrets = scratch.resolve(SAMPLE_SHOP);
        Path shopOwn = kubernetes.resolve(SAMPLE_SHOP).resolve("secrets");
        all.put(SAMPLE_SHOP_ON_CONNECT, Manifests.rendered(withConnect,
                path -> path.startsWith(shopOwn) ? shopSecrets.resolve(shopOwn.relativize(path)) : path));
        return all;
    }

    /** Runs make-secrets for the overlay into a scratch directory, and writes what it leaves to the user. */
    static Path secrets(Path scratch, String overlay) {
        Path into = scratch.resolve(overlay);
        if (Files.exists(into)) {
            return into;
        }
        String name = Path.of(overlay).getFileName().toString();
        try {
            Process process = new ProcessBuilder("bash", Manifests.kubernetes().resolve("make-secrets").toString(),
                    name, into.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("make-secrets " + name + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        if (overlay.equals(YOUR_MONOLITH)) {
            // What the user writes: the stack's password-env variables and the route-state database's login.
            write(into.resolve("cdc-sync.env"), "CLINIC_DB_PASSWORD=clinic-secret\nVISITS_DB_PASSWORD=visits-secret\n");
            write(into.resolve("strangler-proxy.env"), "STRANGLER_PROXY_STATE_POSTGRES_USERNAME=strangler\n"
                    + "STRANGLER_PROXY_STATE_POSTGRES_PASSWORD=route-state-secret\n");
        }
        return into;
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
