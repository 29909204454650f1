package com.acme.orderservice.system;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.function.Supplier;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls to one remote system: a {@link RestClient} with connect and read timeouts, retries with exponential
 * backoff, and a circuit breaker that stops calling a system that keeps failing. Only "no useful answer" counts as
 * a failure ({@link RemoteUnavailableException}: no connection, timeout, an answer cut short, 5xx); a 4xx is an
 * answer. Retrying is safe because every call order-service makes is idempotent (ids chosen and stored before the
 * call).
 * <p>
 * The client comes from Boot's {@link RestClient.Builder}, so every call is observed and carries the current
 * trace's {@code traceparent}: a saga step shows up in the same trace as the request that placed the order.
 */
public final class RemoteCalls {

    private final String remote;
    private final RestClient client;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;

    /**
     * @param remote the remote system's name, for messages
     * @param settings its URL, timeouts, retries and breaker
     * @param builder a builder of its own (Boot's prototype {@code RestClient.Builder} bean, or
     * {@code RestClient.builder()} where nothing is traced); this client's URL and timeouts are set on it
     */
    public RemoteCalls(String remote, OrderServiceSettings.Remote settings, RestClient.Builder builder) {
        this.remote = remote;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout()).build());
        requests.setReadTimeout(settings.readTimeout());
        this.client = builder.baseUrl(settings.baseUrl().toString()).requestFactory(requests).build();
        this.retry = Retry.of(remote, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.retryBackoff(), 2))
                .retryExceptions(RemoteUnavailableException.class)
                .ignoreExceptions(CallNotPermittedException.class)
                .build());
        this.circuitBreaker = CircuitBreaker.of(remote, CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .minimumNumberOfCalls(settings.circuitBreakerMinimumCalls())
                .slidingWindowSize(Math.max(settings.circuitBreakerMinimumCalls(), 20))
                .waitDurationInOpenState(settings.circuitBreakerOpenFor())
                .recordExceptions(RemoteUnavailableException.class)
                .build());
    }

    /** Runs {@code call} on this system's client, with retries and the breaker; fails as unavailable, never hangs. */
    public <T> T call(java.util.function.Function<RestClient, T> call) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(circuitBreaker, () -> {
            try {
                return call.apply(client);
            }
            catch (ResourceAccessException ex) {
                throw new RemoteUnavailableException(remote, "no answer (" + ex.getMessage() + ")", ex);
            }
            catch (RestClientException ex) {
                // An answer cut short (the read timeout or a closed connection while the body streams in) arrives
                // as a failure to extract the body, not as a ResourceAccessException: it is no answer all the same.
                if (ex.contains(IOException.class)) {
                    throw new RemoteUnavailableException(remote, "answer cut short ("
                            + NestedExceptionUtils.getMostSpecificCause(ex).getMessage() + ")", ex);
                }
                throw ex;
            }
        });
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        }
        catch (CallNotPermittedException ex) {
            throw new RemoteUnavailableException(remote, "its circuit breaker is open after repeated failures", ex);
        }
    }

    /** For a 5xx or any other answer that says nothing about the request itself. */
    public RemoteUnavailableException unavailable(String reason) {
        return new RemoteUnavailableException(remote, reason);
    }

    public CircuitBreaker.State circuitBreakerState() {
        return circuitBreaker.getState();
    }
}
