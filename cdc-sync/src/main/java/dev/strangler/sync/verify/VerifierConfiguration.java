package dev.strangler.sync.verify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the verifier of the app. */
@Configuration(proxyBeanMethods = false)
class VerifierConfiguration {

    @Bean
    Verifiers verifiers(VerifierSettings settings) {
        return new Verifiers(settings);
    }
}
