package com.acme.shopcontract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differences between the monolith and a service that the migration accepts, read from
 * {@code contract/allowed-differences.json}. The contract replayer applies them when it checks a service; the
 * strangler proxy's shadow comparison can read the same file to ignore the same JSON Pointers.
 */
public record AllowedDifferences(List<AllowedDifference> differences) {

    public static final String RESOURCE = "contract/allowed-differences.json";

    public AllowedDifferences {
        differences = List.copyOf(differences);
    }

    /**
     * One accepted difference.
     *
     * @param id referenced by contract steps
     * @param method HTTP method, or {@code *}
     * @param path path pattern: {@code {name}} matches one segment, {@code **} the rest
     * @param pointers JSON Pointers into the response body whose values may differ ({@code *} = any array index)
     * @param serviceResponse what a service answers instead, when the whole response differs
     * @param reason why the difference is accepted
     */
    public record AllowedDifference(String id, String method, String path, List<String> pointers,
            ContractCase.@Nullable Response serviceResponse, String reason) {

        public AllowedDifference {
            pointers = pointers == null ? List.of() : List.copyOf(pointers);
        }

        /** Whether this difference applies to a request, e.g. {@code GET /api/customers/7}. */
        public boolean appliesTo(String requestMethod, String requestPath) {
            String pathOnly = requestPath.contains("?") ? requestPath.substring(0, requestPath.indexOf('?'))
                    : requestPath;
            return ("*".equals(method) || method.equalsIgnoreCase(requestMethod))
                    && pathPattern().matcher(pathOnly).matches();
        }

        private Pattern pathPattern() {
            StringBuilder regex = new StringBuilder();
            for (String part : path.split("(?=/)")) {
                if ("/**".equals(part)) {
                    regex.append("(/.*)?");
                }
                else if (part.matches("/\\{[^}]+}")) {
                    regex.append("/[^/]+");
                }
                else {
                    regex.append(Pattern.quote(part));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }

    /** The list shipped in this jar. */
    public static AllowedDifferences load() {
        try (InputStream in = AllowedDifferences.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return JsonMapper.shared().readValue(in, AllowedDifferences.class);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Optional<AllowedDifference> byId(String id) {
        return differences.stream().filter(difference -> difference.id().equals(id)).findFirst();
    }

    /** The JSON Pointers whose values may differ in the response to this request. */
    public List<String> ignoredPointers(String method, String path) {
        return differences.stream().filter(difference -> difference.appliesTo(method, path))
                .flatMap(difference -> difference.pointers().stream()).toList();
    }
}
