package dev.strangler.sync.admin;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The admin surface: token, audit log and the filter that closes every endpoint but health. */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    AdminToken adminToken(@Value("${STRANGLER_ADMIN_TOKEN:}") String token, @Value("${strangler.home}") Path home) {
        return AdminToken.resolve(token, home);
    }

    @Bean
    AuditLog auditLog(@Value("${strangler.home}") Path home) {
        return new AuditLog(home);
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter() {
        FilterRegistrationBean<BodyLimitFilter> registration = new FilterRegistrationBean<>(new BodyLimitFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(AdminToken token) {
        FilterRegistrationBean<BearerTokenFilter> registration = new FilterRegistrationBean<>(
                new BearerTokenFilter(token));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
