package dev.strangler.proxy;

import java.util.List;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Takes out of the gateway's request header filters those whose work {@link OutboundHeaders} does on its own copy of
 * the headers: each of them copied and walked every header of every request once more (JFR profile of the bench,
 * 2026-12-07 evening: Remove(X)ForwardedHeadersFilter 4.7% of the proxy's request-path samples, GRPCRequestHeadersFilter
 * 3.1%). The gateway creates them unconditionally, hence by bean name. Were an upgrade of the gateway to rename one,
 * it would stay in the chain and do its work a second time, which changes nothing but the cost;
 * {@code RoutingModesIntegrationTests} would say so.
 */
@Component
final class FoldedHeaderFilters implements BeanDefinitionRegistryPostProcessor {

    /** The gateway's bean names (GatewayAutoConfiguration) of the filters {@link OutboundHeaders} stands in for. */
    static final List<String> FOLDED = List.of("removeForwardedHeadersFilter", "removeXForwardedHeadersFilter",
            "gRPCRequestHeadersFilter");

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        for (String name : FOLDED) {
            if (registry.containsBeanDefinition(name)) {
                registry.removeBeanDefinition(name);
            }
        }
    }

}
