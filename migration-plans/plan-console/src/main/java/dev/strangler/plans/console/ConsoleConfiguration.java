package dev.strangler.plans.console;

import dev.strangler.plans.runner.Engines;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.support.admin.AdminToken;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runner as the console uses it: plan state under the home, the engines reached over HTTP with their tokens. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleConfiguration.class);

    /** Where the plan API's bearer token is kept, relative to the home (the engines keep theirs likewise). */
    static final Path TOKEN_FILE = Path.of("plans", "admin-token");

    static final String TOKEN_SETTING = "STRANGLER_ADMIN_TOKEN";

    @Bean
    AdminToken planApiToken(@Value("${" + TOKEN_SETTING + ":}") String configured, ConsoleSettings settings) {
        AdminToken.Resolution resolved = AdminToken.resolve(configured, TOKEN_SETTING,
                settings.home().resolve(TOKEN_FILE));
        resolved.changes().forEach(log::warn);
        return resolved.token();
    }

    @Bean
    PlanStates planStates(ConsoleSettings settings) {
        return new PlanStates(settings.home().resolve("plans"));
    }

    @Bean
    EngineClients engineClients(ConsoleSettings settings) {
        return new EngineClients(settings);
    }

    @Bean
    PlanRunners planRunners(ConsoleSettings settings, PlanStates states, EngineClients clients) {
        // The engines' tokens are read at each use, so an engine restarted with a new one is found.
        Engines engines = new Engines(clients::proxy, clients::sync);
        return actor -> new PlanRunner(engines, states, actor, Clock.systemUTC(), settings.monolithClasses());
    }
}
