package dev.strangler.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Versions of the parts under test, read from the jars that actually ran rather than written down by hand. */
public final class Versions {

    private static final Pattern JAR = Pattern.compile("([A-Za-z0-9.-]+?)-(\\d[^/!]*?)\\.jar");

    private Versions() {
    }

    /** The version in the name of the jar {@code type} was loaded from, e.g. {@code 3.6.1.Final}. */
    public static String ofJarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "unknown";
        }
        Matcher matcher = JAR.matcher(source.getLocation().toString());
        String version = "unknown";
        while (matcher.find()) {
            version = matcher.group(2);
        }
        return version;
    }

    /** The version of the library {@code artifact} packed in a Spring Boot fat jar, from its file name. */
    public static Optional<String> inFatJar(Path fatJar, String artifact) {
        try (ZipFile zip = new ZipFile(fatJar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                Matcher matcher = JAR.matcher(name.substring(name.lastIndexOf('/') + 1));
                if (matcher.matches() && matcher.group(1).equals(artifact)) {
                    return Optional.of(matcher.group(2));
                }
            }
            return Optional.empty();
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }
}
