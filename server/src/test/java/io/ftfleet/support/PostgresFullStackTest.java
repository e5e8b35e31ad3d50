package io.ftfleet.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.annotation.DirtiesContext;

/**
 * A {@link FullStackTest} on the shared embedded PostgreSQL: the class points its datasource there with
 * {@link Postgres#register}. Its context is closed after the class, because a JVM shutdown hook stops that PostgreSQL:
 * a context cached until the exit had its job queue and pool retrying against the stopped server, and Surefire killed
 * the test JVM after its 30 s exit limit.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@FullStackTest
@DirtiesContext
public @interface PostgresFullStackTest {
}
