package com.acme.customerservice;

import dev.strangler.testsupport.postgres.PostgresDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * customer-service on a real server port, on a fresh database of the shared test PostgreSQL migrated by its own
 * Flyway scripts. Test classes with this annotation share one app and one database, so each creates what it uses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@PostgresDatabase("customers")
public @interface CustomerServiceIntegrationTest {
}
