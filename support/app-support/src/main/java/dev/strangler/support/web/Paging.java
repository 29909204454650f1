package dev.strangler.support.web;

import java.util.List;

/** The {@code page} and {@code size} parameters of list endpoints, and the page shape every list answers with. */
public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    /** Fails with a problem naming {@code page} or {@code size} when out of range. */
    public static void check(int page, int size) {
        if (page < 0) {
            throw new InvalidFieldException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidFieldException("size", "must be between 1 and " + MAX_SIZE);
        }
    }

    /** One page: {@code {items, page, size, totalItems, totalPages}}. */
    public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

        public static <T> PageView<T> of(List<T> items, int page, int size, long totalItems) {
            return new PageView<>(items, page, size, totalItems, (int) ((totalItems + size - 1) / size));
        }
    }
}
