package dev.strangler.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.strangler.proxy.cli.output.Usage;

/**
 * The strangler proxy: a Spring Cloud Gateway that decides, per endpoint, whether the monolith or an
 * extracted service answers, switched at runtime through the admin API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StranglerProxyApplication {

    public static void main(String[] args) {
        if (Usage.printedFor(args)) {
            return;
        }
        SpringApplication.run(StranglerProxyApplication.class, args);
    }

}
