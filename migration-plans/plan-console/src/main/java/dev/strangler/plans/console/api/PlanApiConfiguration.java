package dev.strangler.plans.console.api;

import dev.strangler.plans.console.DashboardPaths;
import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.BodyLimit;
import dev.strangler.support.admin.servlet.BearerTokenFilter;
import dev.strangler.support.admin.servlet.BodyLimitFilter;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** The plan API's admin conventions: a bearer token on every path, a small body limit, strict JSON. */
@Configuration(proxyBeanMethods = false)
class PlanApiConfiguration {

    /** A move is a reason and a flag; 8 KiB is plenty. */
    static final BodyLimit BODY_LIMIT = new BodyLimit(8 * 1024);

    static final String REALM = "strangler-plans";

    /** The health endpoint a pod's probes ask, exactly this path (not its sub-paths). */
    static final String PROBE = "/actuator/health";

    @Bean
    FilterRegistrationBean<BodyLimitFilter> planApiBodyLimit() {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(BODY_LIMIT));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> planApiBearerToken(AdminToken token) {
        // Open: a pod's probe (it carries no token, and the answer says only UP or DOWN). The dashboard's paths have
        // their own sign-in. Everything else, /health included, needs the token.
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(token, uri -> PROBE.equals(uri) || DashboardPaths.isDashboard(uri), REALM));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** A reason that is a number or a dry-run flag that is a word is refused, not read as text or a boolean. */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
