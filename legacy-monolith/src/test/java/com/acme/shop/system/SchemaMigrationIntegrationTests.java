package com.acme.shop.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.postgres.TestPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Flyway alone takes an empty database to the shop's schema, the same way every time. */
class SchemaMigrationIntegrationTests {

    @Test
    void migratesAnEmptyDatabaseToTheShopSchema() {
        TestPostgres postgres = TestPostgres.shared();
        var dataSource = postgres.dataSource(postgres.createDatabase("empty"));

        MigrateResult result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                .migrate();

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isPositive();
        assertThat(JdbcClient.create(dataSource).sql("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'
                AND table_name <> 'flyway_schema_history' ORDER BY table_name
                """).query(String.class).list())
                .containsExactly("customers", "order_lines", "orders", "payment_refunded_references", "payments",
                        "products", "stock_reservations");
        assertThat(Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate()
                .migrationsExecuted).isZero();
    }
}
