package com.acme.shop;

import dev.strangler.testsupport.postgres.PostgresDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole shop on a real server port, on a fresh database of the shared test PostgreSQL, migrated by Flyway
 * and seeded with the default demo data. Test classes with this annotation share one app and one database, so
 * each test creates what it changes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@PostgresDatabase("shop")
public @interface ShopIntegrationTest {
}
