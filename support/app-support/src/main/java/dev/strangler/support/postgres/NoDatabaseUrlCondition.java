package dev.strangler.support.postgres;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when no {@code spring.datasource.url} is configured, i.e. when the app should bring its own database. */
class NoDatabaseUrlCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("spring.datasource.url");
        return (url == null || url.isBlank())
                ? ConditionOutcome.match("no spring.datasource.url: using the embedded PostgreSQL")
                : ConditionOutcome.noMatch("spring.datasource.url is set");
    }
}
