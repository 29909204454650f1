package dev.strangler.proxy.traffic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One traffic history per proxy, on the wall clock (windows are asked for as "the last 24 hours"). */
@Configuration(proxyBeanMethods = false)
class TrafficConfiguration {

    @Bean
    TrafficHistory trafficHistory() {
        return new TrafficHistory(System::currentTimeMillis);
    }

}
