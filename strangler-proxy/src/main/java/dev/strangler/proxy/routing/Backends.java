package dev.strangler.proxy.routing;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Base URLs of the backends by name, as configured. Only a rule names a backend; nothing in a request does.
 */
public final class Backends {

    private final Map<String, URI> urls;

    /** Per backend, {@code scheme://authority/base-path} without a trailing slash: the part every request shares. */
    private final Map<String, String> prefixes;

    Backends(Map<String, URI> urls) {
        this.urls = Map.copyOf(urls);
        Map<String, String> prefixes = new java.util.HashMap<>();
        this.urls.forEach((name, base) -> {
            String basePath = (base.getRawPath() == null) ? "" : base.getRawPath();
            if (basePath.endsWith("/")) {
                basePath = basePath.substring(0, basePath.length() - 1);
            }
            prefixes.put(name, base.getScheme() + "://" + base.getRawAuthority() + basePath);
        });
        this.prefixes = Map.copyOf(prefixes);
    }

    public URI url(String name) {
        URI url = this.urls.get(name);
        if (url == null) {
            throw new IllegalArgumentException("No backend named '" + name + "'");
        }
        return url;
    }

    public Set<String> names() {
        return this.urls.keySet();
    }

    /** The URL a request for the normalised path and raw query goes to on the named backend. */
    URI resolve(String name, String normalisedPath, @org.jspecify.annotations.Nullable String rawQuery) {
        String prefix = this.prefixes.get(name);
        if (prefix == null) {
            throw new IllegalArgumentException("No backend named '" + name + "'");
        }
        return URI.create((rawQuery == null) ? prefix + normalisedPath : prefix + normalisedPath + "?" + rawQuery);
    }

}
