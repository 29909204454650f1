package dev.strangler.plans.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The plan console: {@code java -jar plan-console.jar} ({@code strangler up} starts it as the stack's component
 * {@code plan-console}). Its settings are {@link ConsoleSettings}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlanConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlanConsoleApplication.class, args);
    }
}
