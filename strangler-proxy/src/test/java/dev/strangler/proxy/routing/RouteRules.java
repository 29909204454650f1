package dev.strangler.proxy.routing;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Route tables and settings for tests, bound exactly as the application binds its configuration.
 */
final class RouteRules {

    private RouteRules() {
    }

    static ProxySettings bind(Map<String, String> properties) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        return binder.bindOrCreate("strangler.proxy", Bindable.of(ProxySettings.class));
    }

    static Map<String, String> shop() {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("strangler.proxy.backends.monolith", "http://localhost:8080");
        properties.put("strangler.proxy.backends.customer-service", "http://localhost:8081");
        properties.put("strangler.proxy.backends.order-service", "http://localhost:8082");
        rule(properties, 0, "customers-read", "GET,HEAD", "/api/customers/**", "customer-service");
        rule(properties, 1, "customers-write", "POST,PUT,PATCH,DELETE", "/api/customers/**", "customer-service");
        rule(properties, 2, "orders-export", "GET", "/api/orders/export", "monolith");
        rule(properties, 3, "orders-read", "GET,HEAD", "/api/orders/**", "order-service");
        return properties;
    }

    static void rule(Map<String, String> properties, int index, String id, String methods, String path,
            String backend) {
        String prefix = "strangler.proxy.rules[" + index + "].";
        properties.put(prefix + "id", id);
        properties.put(prefix + "methods", methods);
        properties.put(prefix + "path", path);
        properties.put(prefix + "backend", backend);
        properties.put(prefix + "why", "test rule " + id);
    }

    static RouteTable shopTable() {
        return bind(shop()).routeTable();
    }

    static List<String> ids(RouteTable table) {
        return table.rules().stream().map(RouteRule::id).toList();
    }

}
