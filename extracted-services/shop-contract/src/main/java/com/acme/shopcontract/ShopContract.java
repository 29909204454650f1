package com.acme.shopcontract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract's cases per area ({@code customers}, {@code orders}), read from {@code contract/<area>.json} in
 * this jar, and the one-liner that turns them into JUnit tests:
 * {@code @TestFactory Stream<DynamicTest> keepsTheContract() { return ShopContract.tests("customers", replayer); }}
 */
public final class ShopContract {

    private ShopContract() {
    }

    public static List<ContractCase> cases(String area) {
        String resource = "contract/" + area + ".json";
        try (InputStream in = ShopContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No contract cases " + resource + " on the class path");
            }
            return JsonMapper.shared().readValue(in, new TypeReference<List<ContractCase>>() {
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static Stream<DynamicTest> tests(String area, ContractReplayer replayer) {
        return cases(area).stream().map(contractCase -> DynamicTest.dynamicTest(contractCase.name(),
                () -> replayer.replay(contractCase)));
    }
}
