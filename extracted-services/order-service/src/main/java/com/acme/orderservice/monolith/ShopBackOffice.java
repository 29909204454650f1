package com.acme.orderservice.monolith;

import com.acme.orderservice.system.OrderServiceSettings;
import com.acme.orderservice.system.RemoteCalls;
import com.acme.orderservice.system.RemoteUnavailableException;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The monolith's stock and payment APIs. Answers the monolith understood come back as {@link StepResult}s (a
 * refusal carries the monolith's own problem document); no answer, timeouts and 5xx become
 * {@link RemoteUnavailableException} after retries.
 */
@Component
public class ShopBackOffice {

    /** Stock held for one line, at the product's name and price when reserved. */
    public record HeldStock(String productName, long unitPriceCents) {
    }

    /** The outcome of a call the monolith answered: a value, or its refusal. */
    public sealed interface StepResult<T> {

        record Done<T>(T value) implements StepResult<T> {
        }

        /** The monolith refused; {@code status} 404 on a reservation means an unknown sku. */
        record Refused<T>(int status, org.springframework.http.ProblemDetail problem) implements StepResult<T> {
        }
    }

    private final RemoteCalls monolith;

    ShopBackOffice(OrderServiceSettings settings, RestClient.Builder clients) {
        this.monolith = new RemoteCalls("the shop monolith", settings.monolith(), clients);
    }

    /** {@code POST /api/products/{sku}/reservations}: 201 new, 200 repeat, 409 short of stock, 404 unknown sku. */
    public StepResult<HeldStock> reserve(UUID reservationId, String sku, int quantity) {
        RemoteAnswer answer = send("POST", "/api/products/{sku}/reservations", Map.of("reservationId",
                reservationId, "quantity", quantity), sku);
        if (!answer.isSuccess()) {
            return new StepResult.Refused<>(answer.status(), answer.problem());
        }
        JsonNode body = required(answer);
        return new StepResult.Done<>(new HeldStock(body.path("productName").asString(),
                body.path("unitPriceCents").asLong()));
    }

    /** {@code DELETE /api/products/{sku}/reservations/{id}}: idempotent; an unknown sku holds nothing to release. */
    public void release(UUID reservationId, String sku) {
        RemoteAnswer answer = send("DELETE", "/api/products/{sku}/reservations/" + reservationId, null, sku);
        if (!answer.isSuccess() && answer.status() != 404) {
            throw new RemoteUnavailableException("the shop monolith", "refused to release reservation "
                    + reservationId + " with " + answer.status());
        }
    }

    /** {@code POST /api/payments}: 201 new, 200 repeat of the same reference, 402 declined. */
    public StepResult<Long> charge(String reference, long orderId, long amountCents, String currency, String method,
            @Nullable String cardToken) {
        Map<String, Object> charge = new java.util.LinkedHashMap<>();
        charge.put("reference", reference);
        charge.put("orderId", orderId);
        charge.put("amountCents", amountCents);
        charge.put("currency", currency);
        charge.put("method", method);
        charge.put("cardToken", cardToken);
        RemoteAnswer answer = send("POST", "/api/payments", charge);
        if (!answer.isSuccess()) {
            return new StepResult.Refused<>(answer.status(), answer.problem());
        }
        return new StepResult.Done<>(required(answer).path("id").asLong());
    }

    /**
     * {@code POST /api/payments/by-reference/{reference}/refund}: refunds what was captured under the reference, or,
     * when nothing was yet, makes the monolith refuse any charge that arrives under it later (a charge whose answer
     * was lost, or that is still on its way, never keeps the money). Idempotent.
     */
    public void refund(String reference) {
        RemoteAnswer refund = send("POST", "/api/payments/by-reference/{reference}/refund", null, reference);
        if (!refund.isSuccess()) {
            throw new RemoteUnavailableException("the shop monolith", "refused to refund reference " + reference
                    + " with " + refund.status());
        }
    }

    private RemoteAnswer send(String method, String uri, @Nullable Object body, Object... uriVariables) {
        return monolith.call(client -> {
            var request = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(uri, uriVariables)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
            if (body != null) {
                request = request.contentType(MediaType.APPLICATION_JSON).body(body);
            }
            return request.exchange((req, response) -> {
                int status = response.getStatusCode().value();
                if (status >= 500 || status == 429) {
                    throw monolith.unavailable("answered " + status + " to " + method + " " + req.getURI().getPath());
                }
                JsonNode json = status == 204 ? null : response.bodyTo(JsonNode.class);
                return new RemoteAnswer(status, json);
            });
        });
    }

    private JsonNode required(RemoteAnswer answer) {
        if (answer.body() == null) {
            throw monolith.unavailable("answered " + answer.status() + " without a body");
        }
        return answer.body();
    }
}
