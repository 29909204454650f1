package com.acme.orderservice.customer;

import com.acme.orderservice.system.OrderServiceSettings;
import com.acme.orderservice.system.RemoteCalls;
import com.acme.orderservice.system.RemoteUnavailableException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Customer facts from customer-service's {@code GET /api/customers/{id}}: whether a customer exists and their name.
 * Throws {@link RemoteUnavailableException} when customer-service does not answer (after retries, or at once while
 * its circuit breaker is open).
 */
@Component
public class CustomerDirectory {

    /** What an order needs to know of its customer. */
    public record CustomerFacts(long id, String name) {
    }

    private final RemoteCalls customerService;

    CustomerDirectory(OrderServiceSettings settings, RestClient.Builder clients) {
        this.customerService = new RemoteCalls("customer-service", settings.customerService(), clients);
    }

    public Optional<CustomerFacts> find(long customerId) {
        return customerService.call(client -> client.get().uri("/api/customers/{id}", customerId)
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status == 404) {
                        return Optional.<CustomerFacts>empty();
                    }
                    if (status != 200) {
                        throw customerService.unavailable("answered " + status + " for customer " + customerId);
                    }
                    JsonNode customer = response.bodyTo(JsonNode.class);
                    if (customer == null) {
                        throw customerService.unavailable("answered without a body for customer " + customerId);
                    }
                    return Optional.of(new CustomerFacts(customerId, customer.path("firstName").asString() + " "
                            + customer.path("lastName").asString()));
                }));
    }
}
