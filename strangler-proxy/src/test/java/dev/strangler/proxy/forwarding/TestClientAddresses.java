package dev.strangler.proxy.forwarding;

import java.util.List;

/**
 * Client address resolvers for tests in other packages.
 */
public final class TestClientAddresses {

    private TestClientAddresses() {
    }

    public static ClientAddresses trustingNobody() {
        return new ClientAddresses(new ForwardingSettings(List.of()));
    }

    static ClientAddresses trusting(String... blocks) {
        return new ClientAddresses(new ForwardingSettings(List.of(blocks)));
    }

}
