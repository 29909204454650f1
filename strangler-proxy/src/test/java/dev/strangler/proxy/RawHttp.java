package dev.strangler.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a request exactly as written, byte for byte: HTTP client libraries normalise or refuse the very paths and
 * headers the attack tests need to send.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response: status, headers by lower-case name, body. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return this.headers.get(name.toLowerCase(Locale.ROOT));
        }

    }

    public static Response send(int port, String requestHead) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return parse(all.toString(StandardCharsets.ISO_8859_1));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static Response get(int port, String rawTarget, String... headerLines) {
        StringBuilder head = new StringBuilder("GET " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return send(port, head.toString());
    }

    private static Response parse(String raw) {
        int headEnd = raw.indexOf("\r\n\r\n");
        String head = (headEnd >= 0) ? raw.substring(0, headEnd) : raw;
        String body = (headEnd >= 0) ? raw.substring(headEnd + 4) : "";
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return new Response(status, headers, body);
    }

}
