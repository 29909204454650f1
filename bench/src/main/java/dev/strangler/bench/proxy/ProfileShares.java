package dev.strangler.bench.proxy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;

/**
 * Where a gateway's CPU went, from a Java Flight Recording of a bench run ({@code BENCH_JFR_DIR}): the share of
 * request-path execution samples by component, as markdown. {@code java -jar bench/target/strangler-bench.jar profile
 * DIR} prints it for each gateway's recording, beside its flame graph.
 * <p>
 * A sample is on the request path when its thread is a Reactor Netty event loop, the shadow copies' loop or a
 * Reactor scheduler, and it is not loading classes. "Self" charges each sample to the owner of its top-most frame
 * that is not the JDK's (JDK frames count for their caller); "anywhere in the stack" counts a sample for every
 * component with a frame in it, so it shows what a component costs with everything it calls.
 */
public final class ProfileShares {

    /** Component to the class-name prefixes it owns; the first match wins, so narrower prefixes come first. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();
    static {
        COMPONENTS.put("kit: shadow copies and comparison", List.of("dev.strangler.proxy.shadow."));
        COMPONENTS.put("kit: trace on the kit's log lines and the completion line", List.of("dev.strangler.proxy.tracing."));
        COMPONENTS.put("kit: routing decision, canary, traffic history, rollback guard, metrics calls, header policy",
                List.of("dev.strangler."));
        COMPONENTS.put("Reactor restoring thread locals (context propagation)", List.of("io.micrometer.context.",
                "reactor.core.publisher.ContextPropagation", "reactor.core.publisher.FluxContextWriteRestoringThreadLocals",
                "reactor.core.publisher.MonoContextWriteRestoringThreadLocals", "reactor.core.publisher.FluxTapRestoringThreadLocals",
                "reactor.core.publisher.MonoTapRestoringThreadLocals"));
        COMPONENTS.put("tracing and observations (Micrometer Observation and Tracing, OpenTelemetry)",
                List.of("io.micrometer.observation.", "io.micrometer.tracing.", "io.opentelemetry.",
                        "org.springframework.cloud.gateway.filter.headers.observation.",
                        "org.springframework.http.server.reactive.observation.",
                        "org.springframework.boot.micrometer.tracing.", "org.springframework.boot.tracing."));
        COMPONENTS.put("meters (Micrometer core)", List.of("io.micrometer.core.", "org.HdrHistogram."));
        COMPONENTS.put("Spring Cloud Gateway (filters, header filters, routing, NettyRoutingFilter)",
                List.of("org.springframework.cloud.gateway."));
        COMPONENTS.put("Spring WebFlux and web (exchange, headers, dispatcher)",
                List.of("org.springframework.web.", "org.springframework.http."));
        COMPONENTS.put("Reactor Netty (HTTP server and client, pool)", List.of("reactor.netty."));
        COMPONENTS.put("Reactor operators", List.of("reactor."));
        COMPONENTS.put("Netty (epoll, codec, buffers)", List.of("io.netty."));
        COMPONENTS.put("logging (SLF4J, Logback)", List.of("ch.qos.logback.", "org.slf4j.", "org.apache.logging."));
    }
    private static final String OTHER = "other (JDK alone, Jackson, Spring core, JIT-compiled leftovers)";
    private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private ProfileShares() {
    }

    /**
     * The shares of one recording's request-path samples as a markdown table, or nothing when it has none (a
     * recording of some other JVM than a gateway's).
     *
     * @param executionSamples the recording's {@code jdk.ExecutionSample} events that have a stack, as the caller has
     *        read them already (a recording is read once for its flame graph and its shares)
     */
    public static Optional<String> shares(Path recording, List<RecordedEvent> executionSamples) {
        Map<String, Integer> self = new TreeMap<>();
        Map<String, Integer> anywhere = new TreeMap<>();
        int samples = 0;
        int interpreted = 0;
        for (RecordedEvent event : executionSamples) {
            String thread = event.getThread("sampledThread") == null ? ""
                    : String.valueOf(event.getThread("sampledThread").getJavaName());
            if (!onRequestPath(thread)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.stream().anyMatch(f -> owner(f).startsWith("java.lang.ClassLoader"))) {
                continue;
            }
            samples++;
            if (!frames.isEmpty() && "Interpreted".equals(frames.get(0).getType())) {
                interpreted++;
            }
            String top = OTHER;
            for (RecordedFrame frame : frames) {
                String owner = owner(frame);
                if (JDK.stream().noneMatch(owner::startsWith)) {
                    top = component(owner);
                    break;
                }
            }
            self.merge(top, 1, Integer::sum);
            frames.stream().map(f -> component(owner(f))).filter(c -> !c.equals(OTHER)).distinct()
                    .forEach(c -> anywhere.merge(c, 1, Integer::sum));
        }
        if (samples == 0) {
            return Optional.empty();
        }
        // A JVM that has not served enough requests to compile its hot paths shows here: its samples are still
        // interpreted, and its CPU per request is higher than the same jar's in a JVM that has.
        StringBuilder out = new StringBuilder("#### `" + recording.getFileName() + "`: " + samples + String.format(
                Locale.ROOT, " execution samples on the request path, %.1f%% of them in interpreted code%n%n",
                100.0 * interpreted / samples) + "| self | anywhere in the stack | component |\n|---:|---:|---|\n");
        List<String> order = new java.util.ArrayList<>(COMPONENTS.keySet());
        order.add(OTHER);
        order.sort((a, b) -> Integer.compare(self.getOrDefault(b, 0), self.getOrDefault(a, 0)));
        for (String component : order) {
            if (self.getOrDefault(component, 0) + anywhere.getOrDefault(component, 0) == 0) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %.1f%% | %s | %s |%n", 100.0 * self.getOrDefault(component, 0) / samples,
                    component.equals(OTHER) ? "" : String.format(Locale.ROOT, "%.1f%%",
                            100.0 * anywhere.getOrDefault(component, 0) / samples), component));
        }
        return Optional.of(out.toString());
    }

    private static boolean onRequestPath(String thread) {
        return thread.startsWith("reactor-http-") || thread.startsWith("strangler-shadow")
                || thread.startsWith("boundedElastic-") || thread.startsWith("parallel-");
    }

    private static String owner(RecordedFrame frame) {
        return frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
    }

    private static String component(String owner) {
        for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
            if (component.getValue().stream().anyMatch(owner::startsWith)) {
                return component.getKey();
            }
        }
        return OTHER;
    }
}
