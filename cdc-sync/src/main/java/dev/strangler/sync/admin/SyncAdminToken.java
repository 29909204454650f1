package dev.strangler.sync.admin;

import dev.strangler.support.admin.AdminToken;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cdc-sync's admin token: {@code STRANGLER_ADMIN_TOKEN} when set, else its own file
 * {@code $STRANGLER_HOME/cdc-sync/admin-token}, generated there (owner-only) on first start; the rules are
 * {@link AdminToken}'s.
 */
final class SyncAdminToken {

    static final String SETTING = "STRANGLER_ADMIN_TOKEN";

    private static final Logger log = LoggerFactory.getLogger(SyncAdminToken.class);

    private SyncAdminToken() {
    }

    static AdminToken resolve(String configured, Path home) {
        return AdminToken.resolve(configured, SETTING, home.resolve("cdc-sync").resolve("admin-token"))
                .reported(SETTING, log::info, log::warn);
    }
}
