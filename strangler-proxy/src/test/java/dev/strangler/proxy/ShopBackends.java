package dev.strangler.proxy;

import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three test backends named as the sample shop's (monolith, customer-service, order-service), for tests that start
 * (and restart) proxies of their own in front of them; {@link ProxyWithBackends} is the same with one proxy started
 * for the class. Registered on an instance field the backends are started for each test, on a static field once for
 * the class; stopped afterwards either way:
 *
 * <pre>
 * &#64;RegisterExtension
 * final ShopBackends backends = new ShopBackends();
 * ...
 * try (RunningProxy proxy = RunningProxy.start(home, backends.properties())) {
 * </pre>
 */
final class ShopBackends implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private TestBackend monolith;

    private TestBackend customers;

    private TestBackend orders;

    private boolean classWide;

    @Override
    public void beforeAll(ExtensionContext context) {
        // Only a static field's extension hears of the class starting: then the backends live as long as the class.
        this.classWide = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!this.classWide) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!this.classWide) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    void start() {
        this.monolith = TestBackend.start("monolith");
        this.customers = TestBackend.start("customer-service");
        this.orders = TestBackend.start("order-service");
    }

    void stop() {
        try (TestBackend m = this.monolith; TestBackend c = this.customers; TestBackend o = this.orders) {
            // closed in reverse order
        }
    }

    /** The proxy's properties that point its backends at these ({@code strangler.proxy.backends[...]}). */
    Map<String, String> properties() {
        return RunningProxy.backends(this.monolith, this.customers, this.orders);
    }

    /** The backends answer with their names again and forget what they received. */
    void reset() {
        for (TestBackend backend : new TestBackend[] { this.monolith, this.customers, this.orders }) {
            backend.answerWith(TestBackend::identify);
            backend.forget();
        }
    }

    TestBackend monolith() {
        return this.monolith;
    }

    TestBackend customers() {
        return this.customers;
    }

    TestBackend orders() {
        return this.orders;
    }
}
