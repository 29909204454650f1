package com.acme.customerservice.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.customerservice.CustomerServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

/** How customers are stored: the agreed schema, ids kept in step with synced rows, addresses only when known. */
@CustomerServiceIntegrationTest
class CustomerStoreIntegrationTests {

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Test
    void registersNewCustomersPastIdsThatTheSyncAlreadyWrote() {
        // The sync writes monolith rows with their own ids, just ahead of where the identity sequence stands.
        long next = jdbc.sql("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM customer_id_seq").query(Long.class).single();
        for (long id = next; id < next + 3; id++) {
            jdbc.sql("""
                    INSERT INTO customer (id, given_name, family_name, email, registered_at, modified_at, revision)
                    VALUES (?, 'Synced', 'Customer', ?, now(), now(), 4)
                    """).param(id).param("synced." + id + "@example.org").update();
        }

        long registered = register("fresh." + System.nanoTime() + "@example.org", null);

        assertThat(registered).isGreaterThanOrEqualTo(next + 3);
        assertThat(jdbc.sql("SELECT count(*) FROM customer WHERE given_name = 'Synced'").query(Long.class).single())
                .isEqualTo(3);
        assertThat(register("fresher." + System.nanoTime() + "@example.org", null)).isGreaterThan(registered);
    }

    @Test
    void keepsAnAddressRowOnlyWhileTheCustomerHasAnAddress() {
        long id = register("addressed." + System.nanoTime() + "@example.org",
                "{\"street\":\"1 Main Street\",\"country\":\"DE\"}");
        assertThat(jdbc.sql("SELECT street || '/' || country_code FROM customer_address WHERE customer_id = ?")
                .param(id).query(String.class).single()).isEqualTo("1 Main Street/DE");

        client.put().uri("/api/customers/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .body("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"moved." + id
                        + "@example.org\",\"address\":{},\"version\":0}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.address").isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM customer_address WHERE customer_id = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void databaseRefusesEmailsThatDifferOnlyInCaseAndThingsThatAreNoEmail() {
        String email = "unique." + System.nanoTime() + "@example.org";
        register(email, null);

        assertThatThrownBy(() -> insertRaw(email.toUpperCase())).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insertRaw("no email at all")).isInstanceOf(DataIntegrityViolationException.class);
    }

    private void insertRaw(String email) {
        jdbc.sql("""
                INSERT INTO customer (given_name, family_name, email, registered_at, modified_at, revision)
                VALUES ('Raw', 'Row', ?, now(), now(), 0)
                """).param(email).update();
    }

    private long register(String email, String addressJson) {
        String address = addressJson == null ? "" : ",\"address\":" + addressJson;
        return client.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON)
                .body("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"" + email + "\"" + address + "}")
                .exchange().expectStatus().isCreated()
                .returnResult(CustomerContractIntegrationTests.CreatedCustomer.class).getResponseBody().id();
    }
}
