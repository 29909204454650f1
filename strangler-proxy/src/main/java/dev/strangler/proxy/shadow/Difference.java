package dev.strangler.proxy.shadow;

/**
 * One way in which the service's answer differed from the monolith's.
 *
 * @param path {@code status}, {@code header <name>}, {@code body}, or a JSON Pointer into the body
 * @param monolith the monolith's value, or {@code (absent)}
 * @param service the service's value, or {@code (absent)}
 */
public record Difference(String path, String monolith, String service) {

    static final String ABSENT = "(absent)";

}
