package dev.strangler.proxy.state;

import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.strangler.proxy.audit.AuditLog;
import dev.strangler.proxy.routing.ConfiguredRoutes;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;
import dev.strangler.proxy.routing.Routes;

/**
 * Restores the live route table from configuration plus the durable state of the last run: the file under
 * {@code $STRANGLER_HOME/proxy/}, or with {@code strangler.proxy.state.store=postgres} the table all replicas share.
 */
@Configuration(proxyBeanMethods = false)
class StateConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(StateConfiguration.class);

    @Bean
    ProxyHome proxyHome(HomeSettings settings) {
        return new ProxyHome(settings.home());
    }

    @Bean
    RouteStates routeStates(StateSettings settings, ProxyHome home, JsonMapper json, ConfiguredRoutes configured) {
        if (settings.store() == StateSettings.Store.FILE) {
            return new RouteStateStore(home, json);
        }
        PostgresRouteStates shared = new PostgresRouteStates(settings.postgres());
        try {
            shared.initialise(configured.table());
        }
        catch (RuntimeException ex) {
            shared.close();
            throw ex;
        }
        return shared;
    }

    @Bean
    Routes routes(ConfiguredRoutes configured, RouteStates store) {
        Map<String, RouteStateStore.SavedState> saved = store.load();
        Set<String> unused = new HashSet<>(saved.keySet());
        RouteTable table = configured.table();
        for (RouteRule rule : configured.table().rules()) {
            RouteStateStore.SavedState state = saved.get(rule.id());
            if (state != null) {
                unused.remove(rule.id());
                table = table.with(rule.restoredTo(state.mode(), state.percent(), state.version()));
            }
        }
        if (!unused.isEmpty()) {
            logger.warn("Route state " + store.where() + " names rules no longer configured, ignored: " + unused);
        }
        logger.info("Route state restored from " + store.where() + ": " + table.rules()
            .stream()
            .map((rule) -> rule.id() + "=" + rule.mode() + (rule.mode().name().equals("CANARY") ? " " + rule.percent() + "%" : ""))
            .toList());
        return new Routes(table);
    }

    @Bean
    RouteSwitchboard routeSwitchboard(Routes routes, RouteStates store, AuditLog audit) {
        return new RouteSwitchboard(routes, store, audit, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "strangler.proxy.state.store", havingValue = "postgres")
    RouteStatePoller routeStatePoller(RouteStates store, RouteSwitchboard switchboard, StateSettings settings) {
        return new RouteStatePoller(store, switchboard, settings.postgres().pollInterval());
    }

}
