package dev.strangler.support.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token: long enough when configured, kept owner-only on disk, also when a kept file is reused. */
class AdminTokenTests {

    @TempDir
    Path home;

    @Test
    void refusesAConfiguredTokenShorterThan32CharactersNamingTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> AdminToken.resolve("a".repeat(31), "STRANGLER_ADMIN_TOKEN", file()))
                .withMessage("STRANGLER_ADMIN_TOKEN: must be at least 32 characters when set, was 31; leave it "
                        + "unset to have one generated");
    }

    @Test
    void takesAConfiguredTokenAndWritesNoFile() {
        AdminToken.Resolution resolved = AdminToken.resolve("  " + "c".repeat(32) + " ", "STRANGLER_ADMIN_TOKEN",
                file());

        assertThat(resolved.origin()).isEqualTo(AdminToken.Origin.CONFIGURED);
        assertThat(resolved.token().matches("c".repeat(32))).isTrue();
        assertThat(file()).doesNotExist();
    }

    @Test
    void generatesAnOwnerOnlyTokenFileAndReadsItBackOnTheNextStart() throws Exception {
        AdminToken.Resolution first = AdminToken.resolve(null, "STRANGLER_ADMIN_TOKEN", file());
        AdminToken.Resolution second = AdminToken.resolve("", "STRANGLER_ADMIN_TOKEN", file());

        assertThat(first.origin()).isEqualTo(AdminToken.Origin.GENERATED);
        assertThat(first.token().value()).hasSize(43);
        assertThat(Files.readString(file()).strip()).isEqualTo(first.token().value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(second.origin()).isEqualTo(AdminToken.Origin.KEPT);
        assertThat(second.token().matches(first.token().value())).isTrue();
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void tightensAReusedTokenFileToOwnerOnlyAndSaysSo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "k".repeat(43) + "\n");
        Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-r--r--"));

        AdminToken.Resolution resolved = AdminToken.resolve(null, "STRANGLER_ADMIN_TOKEN", file());

        assertThat(resolved.token().value()).isEqualTo("k".repeat(43));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(resolved.changes()).singleElement().asString().contains(file().toString(), "was rw-r--r--");
    }

    @Test
    void replacesAKeptTokenThatIsTooShortAndSaysSo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "short");

        AdminToken.Resolution resolved = AdminToken.resolve(null, "STRANGLER_ADMIN_TOKEN", file());

        assertThat(resolved.origin()).isEqualTo(AdminToken.Origin.GENERATED);
        assertThat(Files.readString(file()).strip()).isEqualTo(resolved.token().value()).hasSize(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(resolved.changes()).singleElement().asString().contains("shorter than 32");
    }

    @Test
    void acceptsOnlyTheSameTokenAsABearerOfAnyCase() {
        AdminToken token = AdminToken.configured("t".repeat(40), "STRANGLER_ADMIN_TOKEN");

        assertThat(token.matchesBearer("Bearer " + "t".repeat(40))).isTrue();
        assertThat(token.matchesBearer("bearer " + "t".repeat(40))).isTrue();
        assertThat(token.matchesBearer("Bearer " + "t".repeat(41))).isFalse();
        assertThat(token.matchesBearer("Basic " + "t".repeat(40))).isFalse();
        assertThat(token.matchesBearer(null)).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token).asString().doesNotContain("tttt");
    }

    private Path file() {
        return home.resolve("engine/admin-token");
    }
}
