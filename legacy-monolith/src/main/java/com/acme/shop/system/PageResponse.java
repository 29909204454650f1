package com.acme.shop.system;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/**
 * One page of a list, in the JSON shape every list endpoint of the shop answers with.
 *
 * @param items the entries of this page
 * @param page the zero-based page number
 * @param size the requested page size
 * @param totalItems entries in all pages
 * @param totalPages number of pages
 */
public record PageResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> view) {
        return new PageResponse<>(page.getContent().stream().map(view).toList(), page.getNumber(), page.getSize(),
                page.getTotalElements(), page.getTotalPages());
    }
}
