package com.acme.shop.customers;

import static com.acme.shop.ShopFixtures.createCustomer;
import static com.acme.shop.ShopFixtures.customerJson;
import static com.acme.shop.ShopFixtures.uniqueEmail;
import static com.acme.shop.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.acme.shop.ShopIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

@ShopIntegrationTest
class CustomerApiIntegrationTests {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Test
    void listsSeededCustomersPageByPageInIdOrder() {
        client.get().uri("/api/customers?page=1&size=5").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(5)
                .jsonPath("$.items[0].id").isEqualTo(6)
                .jsonPath("$.items[0].email").isEqualTo("margaret.lovelace.6@example.com")
                .jsonPath("$.page").isEqualTo(1)
                .jsonPath("$.size").isEqualTo(5)
                .jsonPath("$.totalItems").value(total -> assertThat(((Number) total).intValue()).isGreaterThanOrEqualTo(50));
    }

    @Test
    void createsACustomerAndAnswersWithItsLocation() {
        String email = uniqueEmail();
        var result = client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body(customerJson(email.toUpperCase())).exchange()
                .expectStatus().isCreated()
                .expectHeader().value("Location", location -> assertThat(location).matches("/api/customers/\\d+"))
                .expectBody()
                .jsonPath("$.email").isEqualTo(email) // kept in lower case
                .jsonPath("$.address.country").isEqualTo("GB")
                .jsonPath("$.version").isEqualTo(0)
                .returnResult();
        String location = result.getResponseHeaders().getLocation().toString();
        client.get().uri(location).exchange().expectStatus().isOk().expectBody().jsonPath("$.email").isEqualTo(email);
    }

    @Test
    void answersUnknownIdWith404Problem() {
        assertProblem(client.get().uri("/api/customers/999999999").exchange(), 404)
                .jsonPath("$.detail").isEqualTo("Customer 999999999 does not exist");
    }

    @Test
    void rejectsMalformedJsonWith400AndWritesNothing() {
        long before = customerCount();
        assertProblem(client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body("{\"firstName\": \"Ada\", ").exchange(), 400)
                .jsonPath("$.title").isEqualTo("Malformed request body");
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void namesEveryInvalidFieldAndWritesNothing() {
        long before = customerCount();
        assertProblem(client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"firstName":"","lastName":"Turing","email":"not-an-email","phone":"call me",
                         "address":{"country":"Germany"}}
                        """).exchange(), 400)
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .containsExactly("address.country", "email", "firstName", "phone"))
                .jsonPath("$.errors[?(@.field == 'email')].reason").isEqualTo("must be a well-formed email address");
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void refusesADuplicateEmailWith409() {
        String email = uniqueEmail();
        client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).body(customerJson(email))
                .exchange().expectStatus().isCreated();
        long before = customerCount();
        assertProblem(client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body(customerJson(email)).exchange(), 409)
                .jsonPath("$.detail").isEqualTo("A customer with this email already exists");
        assertThat(customerCount()).isEqualTo(before);
    }

    @Test
    void updatesWithTheCurrentVersionAndRefusesAStaleOne() {
        long id = createCustomer(client);
        String email = uniqueEmail();
        client.put().uri("/api/customers/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(withVersion(customerJson(email), 0)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(1).jsonPath("$.email").isEqualTo(email);

        assertProblem(client.put().uri("/api/customers/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(withVersion(customerJson(uniqueEmail()), 0)).exchange(), 409)
                .jsonPath("$.detail").isEqualTo("Customer " + id + " is at version 1, not 0; reload it and retry");
        client.get().uri("/api/customers/{id}", id).exchange().expectBody().jsonPath("$.email").isEqualTo(email);
    }

    @Test
    void requiresTheVersionOnUpdate() {
        long id = createCustomer(client);
        assertProblem(client.put().uri("/api/customers/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body(customerJson(uniqueEmail())).exchange(), 400)
                .jsonPath("$.errors[0].field").isEqualTo("version");
    }

    @Test
    void deletesACustomerWithoutOrders() {
        long id = createCustomer(client);
        client.delete().uri("/api/customers/{id}", id).exchange().expectStatus().isNoContent();
        client.get().uri("/api/customers/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void refusesToDeleteACustomerWithOrders() {
        // Seeded customer 1 has orders.
        assertProblem(client.delete().uri("/api/customers/1").exchange(), 409);
        client.get().uri("/api/customers/1").exchange().expectStatus().isOk();
    }

    @Test
    void rejectsAPageSizeOutOfRange() {
        assertProblem(client.get().uri("/api/customers?size=1000").exchange(), 400)
                .jsonPath("$.errors[0].field").isEqualTo("size");
    }

    private long customerCount() {
        return jdbc.sql("SELECT count(*) FROM customers").query(Long.class).single();
    }

    private static String withVersion(String json, long version) {
        return json.strip().replaceFirst("}$", ",\"version\":" + version + "}");
    }
}
