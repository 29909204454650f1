package dev.strangler.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The cdc-sync app: runs the configured pipelines and serves the admin API on 127.0.0.1:8090. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CdcSyncApplication {

    public static void main(String[] args) {
        // Answered before Spring starts: asking for help must never bind a port or start a pipeline.
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(usage());
            return;
        }
        SpringApplication.run(CdcSyncApplication.class, args);
    }

    private static String usage() {
        try (InputStream text = CdcSyncApplication.class.getResourceAsStream("/usage.txt")) {
            return text != null ? new String(text.readAllBytes(), StandardCharsets.UTF_8)
                    : "Usage: java -jar cdc-sync.jar; see cdc-sync/README.md\n";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
