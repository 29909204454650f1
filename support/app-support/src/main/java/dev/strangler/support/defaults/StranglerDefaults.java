package dev.strangler.support.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the conventions every app of the kit shares ({@code strangler-defaults.properties}: actuator exposure,
 * health groups, problem details, {@code $STRANGLER_HOME}) as the <em>lowest</em>-priority property source, so an
 * app's own {@code application.yaml}, the environment and the command line can still override each of them.
 */
public class StranglerDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "strangler-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            for (PropertySource<?> source : new PropertiesPropertySourceLoader().load("strangler-defaults",
                    new ClassPathResource(RESOURCE, StranglerDefaults.class.getClassLoader()))) {
                environment.getPropertySources().addLast(source);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + RESOURCE, ex);
        }
    }
}
