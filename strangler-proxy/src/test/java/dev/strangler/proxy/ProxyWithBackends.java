package dev.strangler.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The proxy with the sample shop's rules in front of three test backends named as the shop's (monolith,
 * customer-service, order-service), started once for a test class and stopped after it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final ProxyWithBackends stack = ProxyWithBackends.withProperty("strangler.proxy.rollback.enabled", "false");
 * </pre>
 *
 * The proxy's state lives in a folder of its own, removed afterwards. {@link #reset()} puts the backends back to
 * answering with their names and forgets what they received, for a {@code @BeforeEach}.
 */
final class ProxyWithBackends implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> properties;

    private Path home;

    private final ShopBackends backends = new ShopBackends();

    private RunningProxy proxy;

    private ProxyWithBackends(Map<String, String> properties) {
        this.properties = properties;
    }

    /** The proxy with its defaults. */
    static ProxyWithBackends start() {
        return new ProxyWithBackends(new LinkedHashMap<>());
    }

    /** The proxy with one more property; chain {@link #and} for more. */
    static ProxyWithBackends withProperty(String name, String value) {
        return start().and(name, value);
    }

    ProxyWithBackends and(String name, String value) {
        this.properties.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        this.home = Files.createTempDirectory("proxy-home-");
        this.backends.start();
        Map<String, String> all = new LinkedHashMap<>(this.backends.properties());
        all.putAll(this.properties);
        this.proxy = RunningProxy.start(this.home, all);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try (RunningProxy p = this.proxy) {
            // the proxy first, then its backends
        }
        finally {
            this.backends.stop();
        }
        try (Stream<Path> files = Files.walk(this.home)) {
            files.sorted(Comparator.reverseOrder()).forEach(ProxyWithBackends::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The backends answer with their names again and forget what they received. */
    void reset() {
        this.backends.reset();
    }

    RunningProxy proxy() {
        return this.proxy;
    }

    TestBackend monolith() {
        return this.backends.monolith();
    }

    TestBackend customers() {
        return this.backends.customers();
    }

    TestBackend orders() {
        return this.backends.orders();
    }
}
