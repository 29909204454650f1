package dev.strangler.bench.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Spring Cloud Gateway as a user would start it to compare against the kit: the proxy's gateway version, one
 * catch-all route to {@code bench.backend}, none of the kit's filters. {@code bench/run proxy} runs it in a JVM of
 * its own with the proxy's JVM flags, so that {@code kit ÷ bare gateway} is what the kit's features cost.
 */
@SpringBootApplication
public class BareGateway {

    public static void main(String[] args) {
        SpringApplication.run(BareGateway.class, args);
    }

    @Bean
    RouteLocator catchAll(RouteLocatorBuilder routes, Environment environment) {
        String backend = environment.getRequiredProperty("bench.backend");
        return routes.routes().route("catch-all", (route) -> route.alwaysTrue().uri(backend)).build();
    }

}
