package dev.strangler.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code STRANGLER_ADMIN_TOKEN} the proxy makes its own token, keeps it owner-only on disk and reuses it
 * after a restart, so scripts that read the file keep working.
 */
class AdminTokenIntegrationTests {

    @TempDir
    Path home;

    @RegisterExtension
    final ShopBackends backends = new ShopBackends();

    @Test
    void generatesAnOwnerOnlyTokenFileAndKeepsItAcrossRestarts() throws Exception {
        Map<String, String> properties = new HashMap<>(this.backends.properties());
        properties.put("strangler.proxy.admin.token", "");
        Path file = this.home.resolve("proxy/admin-token");
        String token;
        try (RunningProxy proxy = RunningProxy.start(this.home, properties)) {
            token = Files.readString(file).trim();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(proxy.adminWithoutToken("GET", "/admin/routes", null, "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(200);
            assertThat(proxy.admin("GET", "/admin/routes", null).statusCode()).isEqualTo(401);
        }
        // Loosened by hand (a copy, an editor): the next start tightens it again.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (RunningProxy restarted = RunningProxy.start(this.home, properties)) {
            assertThat(restarted.adminWithoutToken("GET", "/admin/health", null, "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(200);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

}
