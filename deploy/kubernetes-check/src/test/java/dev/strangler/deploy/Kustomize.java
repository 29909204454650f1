package dev.strangler.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.Yaml;

/**
 * kustomize itself, as a user runs it: {@code kubectl kustomize DIR} (kubectl embeds kustomize), or {@code kustomize
 * build DIR} where only the standalone tool is installed, with its defaults (the load restrictor on). The check
 * renders with the real tool rather than a copy of its rules, so that whatever kustomize refuses (a file outside the
 * kustomization's directory, a field it does not know) fails here as it would for the user.
 */
final class Kustomize {

    private Kustomize() {
    }

    /**
     * Skips the calling test when neither kubectl nor kustomize is on the PATH (a workstation may have neither; the
     * build machine and CI have kubectl).
     */
    static void assumeInstalled() {
        Assumptions.assumeTrue(command().isPresent(), "neither kubectl nor kustomize is on the PATH: the checks "
                + "of deploy/kubernetes's rendered manifests need the real kustomize and are skipped (install kubectl, "
                + "which embeds it, to run them)");
    }

    /** The resources the kustomization in {@code directory} renders to, in kustomize's order. */
    static List<Map<String, Object>> build(Path directory) {
        List<String> tool = command().orElseThrow(
                () -> new IllegalStateException("neither kubectl nor kustomize is on the PATH"));
        List<String> command = new ArrayList<>(tool);
        command.add(directory.toString());
        Run build = run(command);
        if (build.exit() != 0) {
            // An old kubectl embeds an old kustomize (components need v3.7 or later): say which one failed.
            boolean kubectl = tool.get(1).equals("kustomize");
            Run version = run(kubectl ? List.of(tool.get(0), "version", "--client") : List.of(tool.get(0), "version"));
            throw new IllegalStateException(String.join(" ", command) + " failed ("
                    + version.output().strip().replace("\n", ", ") + "): " + build.errors().strip());
        }
        return documents(build.output());
    }

    private record Run(int exit, String output, String errors) {
    }

    private static Run run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
            String output = text(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Run(process.exitValue(), output, errors.join());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The kustomization file of a directory, as written (not rendered). */
    static Map<String, Object> kustomization(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        List<Map<String, Object>> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + ": expected one document");
        }
        return documents.get(0);
    }

    static List<Map<String, Object>> documents(Path file) {
        try {
            return documents(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** kubectl first (what docs/deploy.md tells the user to run), else the standalone kustomize. */
    private static Optional<List<String>> command() {
        return onPath("kubectl").map(kubectl -> List.of(kubectl.toString(), "kustomize"))
            .or(() -> onPath("kustomize").map(kustomize -> List.of(kustomize.toString(), "build")));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
