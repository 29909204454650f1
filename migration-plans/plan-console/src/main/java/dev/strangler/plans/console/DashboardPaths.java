package dev.strangler.plans.console;

/**
 * The dashboard's paths: {@code /dashboard} and below. They have their own sign-in (a session and its CSRF value),
 * so the plan API's bearer token filter leaves them to the dashboard's.
 */
public final class DashboardPaths {

    public static final String ROOT = "/dashboard";

    private DashboardPaths() {
    }

    /** Whether a request URI (raw, as the container gives it) is one of the dashboard's. */
    public static boolean isDashboard(String uri) {
        return uri.equals(ROOT) || uri.startsWith(ROOT + "/");
    }
}
