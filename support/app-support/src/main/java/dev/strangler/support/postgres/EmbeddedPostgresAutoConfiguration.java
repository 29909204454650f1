package dev.strangler.support.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * With no {@code spring.datasource.url}, starts the embedded PostgreSQL and hands its URL to Boot's own
 * {@code DataSource} set-up as {@link JdbcConnectionDetails}, so pool settings, Flyway and JPA work as with any
 * other database. With a URL, this backs off and the app uses that server.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(EmbeddedPostgres.class)
@Conditional(NoDatabaseUrlCondition.class)
@EnableConfigurationProperties(EmbeddedPostgresSettings.class)
class EmbeddedPostgresAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresSettings settings) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.dataDirectory(), settings.port());
        server.createDatabaseIfAbsent(settings.database());
        log.info("Embedded PostgreSQL 17 listens on localhost:{}, data kept in {}", server.port(),
                server.dataDirectory());
        log.info("Connect with: {}", server.psqlCommand(settings.database()));
        return server;
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer server,
            EmbeddedPostgresSettings settings) {
        String url = server.jdbcUrl(settings.database());
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return EmbeddedPostgresServer.SUPERUSER;
            }

            @Override
            public String getPassword() {
                return "";
            }

            @Override
            public String getJdbcUrl() {
                return url;
            }
        };
    }
}
