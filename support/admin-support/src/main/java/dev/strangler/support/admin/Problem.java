package dev.strangler.support.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RFC 9457 {@code application/problem+json} document, the one error format of the kit: {@code type}
 * ({@code about:blank}), {@code title} (the status's reason phrase), {@code status}, {@code detail}, then any
 * extension members such as {@code field}, in that order.
 *
 * @param status the HTTP status
 * @param detail what went wrong, for a human; names the field and the reason where there is one
 * @param extensions extension members, in the order given
 */
public record Problem(int status, String detail, Map<String, ?> extensions) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Problem {
        extensions = new LinkedHashMap<>(extensions);
    }

    /** A problem without extension members. */
    public static Problem of(int status, String detail) {
        return new Problem(status, detail, Map.of());
    }

    /** A 400 naming the field: {@code detail} is {@code "<field>: <reason>"}; members {@code field}, {@code reason}. */
    public static Problem invalidField(String field, String reason) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("field", field);
        members.put("reason", reason);
        return new Problem(400, field + ": " + reason, members);
    }

    /** The document as an ordered map, for a JSON writer of the caller's own. */
    public Map<String, Object> document() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(this.status));
        problem.put("status", this.status);
        problem.put("detail", this.detail);
        problem.putAll(this.extensions);
        return problem;
    }

    /** The document as UTF-8 JSON. */
    public byte[] json() {
        return JSON.writeValueAsString(document()).getBytes(StandardCharsets.UTF_8);
    }

    /** The reason phrase of an HTTP status (RFC 9110), for the {@code title}. */
    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "HTTP " + status;
        };
    }
}
