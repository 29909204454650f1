package dev.strangler.sync;

import dev.strangler.sync.cli.output.Usage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The cdc-sync app: runs the configured pipelines and serves the admin API on 127.0.0.1:8090. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CdcSyncApplication {

    public static void main(String[] args) {
        if (Usage.printedFor(args)) {
            return;
        }
        SpringApplication.run(CdcSyncApplication.class, args);
    }
}
