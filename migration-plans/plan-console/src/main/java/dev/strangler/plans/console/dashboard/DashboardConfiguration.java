package dev.strangler.plans.console.dashboard;

import dev.strangler.plans.console.ConsoleSettings;
import dev.strangler.plans.console.EngineClients;
import dev.strangler.plans.runner.PlanStates;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's sessions, sign-in log, chart history and access filter (before the plan API's bearer token filter).
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    DashboardSessions dashboardSessions(DashboardSettings settings) {
        return new DashboardSessions(settings.sessionTimeout(), Clock.systemUTC());
    }

    @Bean
    LoginLog dashboardLogins(ConsoleSettings settings, JsonMapper json) {
        return new LoginLog(settings.home().resolve("plans").resolve(LoginLog.FILE_NAME), json);
    }

    @Bean(initMethod = "start")
    ChartHistory chartHistory(EngineClients engines, PlanStates plans, DashboardSettings settings) {
        return new ChartHistory(engines, plans, Clock.systemUTC(), settings.sampleEvery());
    }

    @Bean
    FilterRegistrationBean<DashboardAccess> dashboardAccess(DashboardSessions sessions) {
        FilterRegistrationBean<DashboardAccess> registration = new FilterRegistrationBean<>(
                new DashboardAccess(sessions));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 7);
        return registration;
    }
}
