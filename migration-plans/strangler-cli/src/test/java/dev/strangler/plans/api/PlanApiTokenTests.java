package dev.strangler.plans.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan API's token: long enough when configured, owner-only on disk, also when an existing file is reused. */
class PlanApiTokenTests {

    @TempDir
    Path home;

    @Test
    void refusesAConfiguredTokenShorterThan32CharactersNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> PlanApiToken.of("a".repeat(31)))
                .withMessageContaining("STRANGLER_ADMIN_TOKEN")
                .withMessageContaining("at least 32 characters");
    }

    @Test
    void tightensAReusedTokenFileToOwnerOnly() throws Exception {
        Path file = home.resolve(PlanApiToken.FILE);
        Files.createDirectories(file.getParent());
        String kept = "k".repeat(43);
        Files.writeString(file, kept + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> notices = new ArrayList<>();
        PlanApiToken token = PlanApiToken.resolve(home, notices::add);

        assertThat(token.value()).isEqualTo(kept);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(notices).singleElement().asString().contains(file.toString(), "was rw-r--r--");
    }
}
