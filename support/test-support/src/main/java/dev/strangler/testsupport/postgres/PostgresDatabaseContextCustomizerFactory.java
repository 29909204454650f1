package dev.strangler.testsupport.postgres;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Turns {@link PostgresDatabase} into datasource properties; registered in {@code META-INF/spring.factories}. */
class PostgresDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(PostgresDatabase.class)
                .synthesize(annotation -> annotation.isPresent())
                .map(annotation -> new Customizer(annotation.value()))
                .orElse(null);
    }

    /** Equal for equal prefixes, so that Spring's context cache shares one context (and database) among them. */
    private record Customizer(String prefix) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres server = TestPostgres.shared();
            String database = server.createDatabase(prefix);
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-postgres", Map.of(
                    "spring.datasource.url", server.jdbcUrl(database),
                    "spring.datasource.username", server.username(),
                    "spring.datasource.password", Objects.requireNonNull(server.password()))));
        }
    }
}
