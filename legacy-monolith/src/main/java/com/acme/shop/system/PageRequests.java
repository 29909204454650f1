package com.acme.shop.system;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;

/** Validates the {@code page} and {@code size} query parameters shared by every list endpoint. */
public final class PageRequests {

    public static final int MAX_SIZE = 200;

    private PageRequests() {
    }

    public static PageRequest of(int page, int size, Sort sort) {
        if (page < 0) {
            throw new InvalidParameterException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidParameterException("size", "must be between 1 and " + MAX_SIZE);
        }
        return PageRequest.of(page, size, sort);
    }
}
