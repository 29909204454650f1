package dev.strangler.proxy.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.strangler.proxy.canary.CanarySplit;
import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.traffic.TrafficHistory;

/**
 * Wires the gateway: one catch-all route whose target {@link StranglerRoutingFilter} replaces per request.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    /** Id of the gateway's only route. */
    static final String GATEWAY_ROUTE_ID = "strangler";

    @Bean
    Backends backends(ProxySettings settings) {
        return new Backends(settings.backends());
    }

    @Bean
    ConfiguredRoutes configuredRoutes(ProxySettings settings) {
        return new ConfiguredRoutes(settings.routeTable());
    }

    @Bean
    RouteLocator stranglerRoute(RouteLocatorBuilder builder, Backends backends) {
        return builder.routes()
            .route(GATEWAY_ROUTE_ID, (route) -> route.alwaysTrue().uri(backends.url(RouteTable.MONOLITH)))
            .build();
    }

    @Bean
    StranglerRoutingFilter stranglerRoutingFilter(Routes routes, Backends backends, CanarySplit canary,
            ShadowTraffic shadow, ServiceOutcomes outcomes, ProxyMetrics metrics, TrafficHistory traffic,
            ProxySettings settings) {
        return new StranglerRoutingFilter(routes, backends, canary, shadow, outcomes, metrics, traffic,
                settings.routeHeaders());
    }

}
