package dev.strangler.sync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.strangler.support.admin.AdminToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token: long enough when configured, owner-only on disk, also when an existing file is reused. */
class AdminTokenTests {

    @TempDir
    Path home;

    @Test
    void refusesAConfiguredTokenShorterThan32CharactersNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> SyncAdminToken.resolve("a".repeat(31), home))
                .withMessageContaining("STRANGLER_ADMIN_TOKEN")
                .withMessageContaining("at least 32 characters");
    }

    @Test
    void generatesAnOwnerOnlyTokenFile() throws Exception {
        SyncAdminToken.resolve("", home);

        Path file = home.resolve("cdc-sync/admin-token");
        assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void tightensAReusedTokenFileToOwnerOnly() throws Exception {
        Path file = home.resolve("cdc-sync/admin-token");
        Files.createDirectories(file.getParent());
        String kept = "k".repeat(43);
        Files.writeString(file, kept);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AdminToken token = SyncAdminToken.resolve("", home);

        assertThat(token.matches(kept)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
