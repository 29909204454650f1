package dev.strangler.proxy.shadow;

import org.springframework.http.HttpHeaders;

/**
 * What one backend answered, as far as a comparison needs it.
 *
 * @param status the status code
 * @param headers the response headers
 * @param body the body, complete unless {@code truncated}
 * @param truncated whether the body was larger than the comparison limit
 */
record CapturedResponse(int status, HttpHeaders headers, byte[] body, boolean truncated) {
}
