package dev.strangler.proxy.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathNormaliserTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/api/customers/1, /api/customers/1",
        "/, /",
        "'', /",
        "//api//customers//1, /api/customers/1",
        "/api/./customers/./1, /api/customers/1",
        "/api/customers/../orders/1, /api/orders/1",
        "/api/customers/1/, /api/customers/1",
        "/api/customers/1///, /api/customers/1",
        "/api/%63ustomers/%31, /api/customers/1",
        "/api/customers/%7e, /api/customers/~",
        "/api/customers/a%20b, /api/customers/a%20b",
        "/api/customers/%c3%a9, /api/customers/%C3%A9",
        "/api/customers/x.y, /api/customers/x.y",
        "/api/customers/...., /api/customers/...."
    })
    void normalisesToTheOnePathThatIsMatchedAndForwarded(String raw, String expected) {
        PathNormaliser.Result result = PathNormaliser.normalise(raw);

        assertThat(result.isRefused()).as(result.refusal()).isFalse();
        assertThat(result.path()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/customers/%2e%2e/orders | encoded '.'",
        "/api/customers/%2E/1 | encoded '.'",
        "/api/customers%2forders | encoded '/'",
        "/api/customers%2Forders | encoded '/'",
        "/api/customers%5corders | encoded '\\'",
        "/api/customers/%252e%252e | encoded '%'",
        "/api/customers/%25 | encoded '%'",
        "/api/customers\\..\\orders | backslash",
        "/api/customers/..;/orders | path parameters",
        "/api/customers;jsessionid=1 | path parameters",
        "/api/customers/%3b | encoded ';'",
        "/../etc/passwd | above the root",
        "/api/../../etc | above the root",
        "/api/customers/%00 | control character",
        "/api/customers/%0a | control character",
        "/api/customers/% | malformed",
        "/api/customers/%g1 | malformed"
    })
    void refusesAmbiguousPaths(String raw, String reason) {
        PathNormaliser.Result result = PathNormaliser.normalise(raw);

        assertThat(result.isRefused()).isTrue();
        assertThat(result.refusal()).contains(reason);
    }

}
