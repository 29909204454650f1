package dev.strangler.proxy.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's view of the dashboard over plain HTTP: signs in with the form, keeps the session cookie, reads the
 * CSRF value from the page, and calls the admin port as the page's scripts do. No cookie jar: every header is
 * explicit, so each test shows exactly what it sends.
 */
final class DashboardClient {

    private static final Pattern CSRF = Pattern.compile("<meta name=\"strangler-csrf\" content=\"([^\"]+)\">");

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final int adminPort;

    DashboardClient(int adminPort) {
        this.adminPort = adminPort;
    }

    /** A signed-in browser: its session cookie and the CSRF value its page carries. */
    record Session(String cookie, String csrf) {

        String cookieHeader() {
            return Dashboard.COOKIE + "=" + this.cookie;
        }

    }

    HttpResponse<String> signInForm(String actor, String token, String... headers) {
        String form = "actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8) + "&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("POST", "/admin/login", form, all);
    }

    Session signIn(String actor, String token) {
        HttpResponse<String> login = signInForm(actor, token);
        if (login.statusCode() != 303) {
            throw new IllegalStateException("Sign-in failed: " + login.statusCode() + " " + login.body());
        }
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        HttpResponse<String> page = send("GET", "/admin/dashboard", null, "Cookie", Dashboard.COOKIE + "=" + cookie);
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("The dashboard page carries no CSRF value: " + page.body());
        }
        return new Session(cookie, csrf.group(1));
    }

    /** A call as the page's scripts make it: session cookie plus CSRF header. */
    HttpResponse<String> asPage(Session session, String method, String path, String body, String... headers) {
        String[] all = new String[headers.length + 4];
        all[0] = "Cookie";
        all[1] = session.cookieHeader();
        all[2] = Dashboard.CSRF_HEADER;
        all[3] = session.csrf();
        System.arraycopy(headers, 0, all, 4, headers.length);
        return send(method, path, body, all);
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.adminPort + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
                    : HttpRequest.BodyPublishers.noBody());
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
