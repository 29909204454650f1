package dev.strangler.sync.kafka;

import dev.strangler.sync.pipeline.ChangeStreams;
import dev.strangler.sync.pipeline.InProcessStreams;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The app's transports: in-process, and Kafka for the pipelines whose file says so. */
@Configuration(proxyBeanMethods = false)
class KafkaTransportConfiguration {

    @Bean
    ChangeStreams changeStreams(KafkaTransportSettings settings) {
        return new KafkaChangeStreams(new InProcessStreams(), settings.role(), settings.member());
    }
}
