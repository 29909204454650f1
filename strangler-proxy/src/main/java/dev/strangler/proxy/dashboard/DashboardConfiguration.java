package dev.strangler.proxy.dashboard;

import java.nio.file.Path;
import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.strangler.proxy.metrics.ProxyMetrics;
import dev.strangler.proxy.routing.Routes;
import dev.strangler.proxy.shadow.ShadowReports;
import dev.strangler.proxy.state.ProxyHome;

/**
 * Builds the dashboard; the admin configuration mounts it on the admin server behind the same access filter.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

    @Bean
    Dashboard dashboard(DashboardSettings settings, ProxyHome home, Routes routes, ProxyMetrics metrics,
            ShadowReports shadow, JsonMapper json) {
        // ProxyHome is $STRANGLER_HOME/proxy; cdc-sync and the plan API keep their tokens beside it, in
        // $STRANGLER_HOME/cdc-sync and $STRANGLER_HOME/plans.
        Path stranglerHome = home.dir().getParent();
        SyncStatus sync = new SyncStatus(settings.cdcSync(), settings.cdcSync().tokenPath(stranglerHome), json);
        PlanApiClient plans = new PlanApiClient(settings.plans(), settings.plans().tokenPath(stranglerHome), json);
        return new Dashboard(new DashboardSessions(settings.sessionTimeout(), Clock.systemUTC()),
                new LoginLog(home.file(LoginLog.FILE_NAME), json), new MigrationOverview(routes, metrics.registry(),
                        shadow), sync, plans, json);
    }

}
