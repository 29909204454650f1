package dev.strangler.plans.api;

import dev.strangler.support.admin.AdminToken;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The plan API's bearer token, kept as the engines keep theirs ({@link AdminToken}'s rules):
 * {@code STRANGLER_ADMIN_TOKEN} when set, else its own file {@code $STRANGLER_HOME/plans/admin-token} (kept across
 * restarts so the dashboard keeps reading it), else a new random one written there, owner-only.
 */
public final class PlanApiToken {

    /** Where the token is kept, relative to {@code $STRANGLER_HOME}. */
    public static final Path FILE = Path.of("plans", "admin-token");

    static final String SETTING = "STRANGLER_ADMIN_TOKEN";

    private final AdminToken token;

    private PlanApiToken(AdminToken token) {
        this.token = token;
    }

    public static PlanApiToken of(String token) {
        return new PlanApiToken(AdminToken.configured(token, SETTING));
    }

    /**
     * The configured token, else the kept one, else a new one written to {@code home/plans/admin-token}.
     *
     * @param notices told what was changed on disk (a kept file made owner-only, a short kept token replaced)
     */
    public static PlanApiToken resolve(Path home, Consumer<String> notices) {
        AdminToken.Resolution resolved = AdminToken.resolve(System.getenv(SETTING), SETTING, home.resolve(FILE));
        resolved.changes().forEach(notices);
        return new PlanApiToken(resolved.token());
    }

    /** Constant time: comparing fixed-length digests leaks neither content nor length. */
    public boolean matches(String presented) {
        return token.matches(presented);
    }

    /** Whether an {@code Authorization} header carries this token as a bearer token. */
    boolean matchesBearer(String authorization) {
        return token.matchesBearer(authorization);
    }

    /** The token itself, for a client of the API (tests, the stack's health probe). */
    public String value() {
        return token.value();
    }
}
