package dev.strangler.plans.runner;

import dev.strangler.support.contract.ProxyAdminContract;
import dev.strangler.support.contract.SyncAdminContract;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The stub the console's and the CLI's tests run against keeps the contract of the engines' admin APIs: the same
 * suites run against the real proxy ({@code strangler-proxy}'s {@code AdminApiIntegrationTests}) and the real
 * cdc-sync ({@code cdc-sync}'s {@code AdminApiIntegrationTests}), so a stub that drifts from them fails here.
 */
class AdminApiStubContractTests {

    private AdminApiStub engines;

    @BeforeEach
    void startStub() throws IOException {
        engines = new AdminApiStub("customers-read", "customers-write");
    }

    @AfterEach
    void stopStub() {
        engines.close();
    }

    @TestFactory
    Stream<DynamicTest> answersAsTheProxysAdminApi() {
        return ProxyAdminContract.against(engines.url(), AdminApiStub.TOKEN, "customers-read");
    }

    @TestFactory
    Stream<DynamicTest> answersAsCdcSyncsAdminApi() {
        return SyncAdminContract.against(engines.url(), AdminApiStub.TOKEN, "customers");
    }
}
