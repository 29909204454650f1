package dev.strangler.proxy.admin;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * The admin API's own Netty server. A separate server, rather than paths on the traffic port, means no rule,
 * path trick or proxy misconfiguration can ever expose the admin API on the traffic port.
 */
public class AdminServer implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(AdminServer.class);

    private final AdminSettings settings;

    private final HttpHandler handler;

    // Its own event loop: the admin API stays reachable when traffic saturates the shared loops, and is not
    // torn down with the shared Reactor Netty resources.
    private volatile @Nullable LoopResources loops;

    private volatile @Nullable DisposableServer server;

    AdminServer(AdminSettings settings, HttpHandler handler) {
        this.settings = settings;
        this.handler = handler;
    }

    @Override
    public void start() {
        LoopResources ownLoops = LoopResources.create("strangler-admin", 1, true);
        this.loops = ownLoops;
        DisposableServer started = HttpServer.create()
            .runOn(ownLoops)
            .host(this.settings.address())
            .port(this.settings.port())
            .handle(new ReactorHttpHandlerAdapter(this.handler))
            .bindNow();
        this.server = started;
        logger.info("Admin API listening on http://" + this.settings.address() + ":" + started.port() + "/admin");
    }

    @Override
    public void stop() {
        DisposableServer running = this.server;
        if (running != null) {
            running.disposeNow();
            this.server = null;
        }
        LoopResources ownLoops = this.loops;
        if (ownLoops != null) {
            ownLoops.disposeLater().block(Duration.ofSeconds(5));
            this.loops = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.server != null;
    }

    /** The port actually bound, which differs from the configured one when that is 0. */
    public int port() {
        DisposableServer running = this.server;
        if (running == null) {
            throw new IllegalStateException("The admin server is not running");
        }
        return running.port();
    }

}
