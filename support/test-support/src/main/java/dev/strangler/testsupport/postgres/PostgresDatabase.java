package dev.strangler.testsupport.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a Spring test context a fresh database on the {@linkplain TestPostgres#shared() shared test server}, as
 * {@code spring.datasource.url}, {@code username} and {@code password}. The app then runs its Flyway migrations on
 * it exactly as it does in production; its embedded-database default stays off.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface PostgresDatabase {

    /** The name prefix of the database, e.g. {@code shop}; a number is appended. */
    String value() default "test";
}
