package dev.strangler.testsupport.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL 17 server (logical WAL) that a test JVM shares: a Testcontainers container when Docker runs, the
 * kit's embedded server otherwise. Each test gets fresh databases on it instead of a server of its own.
 *
 * <p>Force one kind with {@code -Dstrangler.test.postgres=embedded} or {@code =testcontainers}.
 */
public interface TestPostgres {

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    static TestPostgres shared() {
        return SharedServer.INSTANCE.get();
    }

    /** Creates a new, empty database whose name starts with {@code prefix} and returns its name. */
    String createDatabase(String prefix);

    String jdbcUrl(String database);

    String username();

    String password();

    /** What kind of server this is, for test reports ("embedded PostgreSQL on localhost:…"). */
    String description();

    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password());
    }

    /** An unpooled {@link DataSource} on a database of this server, for tests that wire things by hand. */
    default DataSource dataSource(String database) {
        return new DriverManagerDataSource(jdbcUrl(database), username(), password());
    }
}
