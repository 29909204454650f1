package dev.strangler.support.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/** Run in a child JVM: starts a server, commits a row, prints {@link #READY} and waits to be killed. */
final class StartServerAndWait {

    static final String READY = "READY";

    private StartServerAndWait() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
        server.createDatabaseIfAbsent("shop");
        try (Connection connection = server.connect("shop"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE note (id int PRIMARY KEY, text text)");
            statement.execute("INSERT INTO note VALUES (1, 'written')");
        }
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await(); // until the test kills this JVM
    }
}
