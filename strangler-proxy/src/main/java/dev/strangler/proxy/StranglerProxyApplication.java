package dev.strangler.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The strangler proxy: a Spring Cloud Gateway that decides, per endpoint, whether the monolith or an
 * extracted service answers, switched at runtime through the admin API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StranglerProxyApplication {

    public static void main(String[] args) {
        // Answered before Spring starts: asking for help must never bind a port or touch the state folder.
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(usage());
            return;
        }
        SpringApplication.run(StranglerProxyApplication.class, args);
    }

    private static String usage() {
        try (InputStream text = StranglerProxyApplication.class.getResourceAsStream("/usage.txt")) {
            return (text != null) ? new String(text.readAllBytes(), StandardCharsets.UTF_8)
                    : "Usage: java -jar strangler-proxy.jar; see strangler-proxy/README.md\n";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
