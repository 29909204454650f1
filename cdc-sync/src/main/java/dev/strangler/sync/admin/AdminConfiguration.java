package dev.strangler.sync.admin;

import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.BodyLimit;
import dev.strangler.support.admin.servlet.BearerTokenFilter;
import dev.strangler.support.admin.servlet.BodyLimitFilter;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The admin surface: token, audit log and the filters that limit bodies and close every endpoint but health. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    AdminToken adminToken(@Value("${STRANGLER_ADMIN_TOKEN:}") String token, @Value("${strangler.home}") Path home) {
        return SyncAdminToken.resolve(token, home);
    }

    @Bean
    AuditLog auditLog(@Value("${strangler.home}") Path home) {
        return new AuditLog(home, JsonMapper.builder().findAndAddModules().build());
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter() {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(
                new BodyLimitFilter(BodyLimit.ADMIN));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AdminToken token) {
        // The health probe reveals no details, so supervisors need no token for it.
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(new BearerTokenFilter(
                token, path -> path.equals("/actuator/health") || path.startsWith("/actuator/health/"), null));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
