package dev.strangler.support.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Who and why, as an audit log may keep them. */
class AuditFieldsTests {

    @Test
    void takesAValidActorAndFallsBackWhenNoneIsGiven() {
        assertThat(AuditFields.actor("ada.lovelace@acme", "admin")).isEqualTo("ada.lovelace@acme");
        assertThat(AuditFields.actor(null, "admin")).isEqualTo("admin");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ada root", "<script>", "-rf", ".hidden", "ada\nmallory",
            "a12345678901234567890123456789012345678901234567890123456789012345" })
    void refusesAnActorThatIsNotAPlainName(String actor) {
        assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> AuditFields.actor(actor, "admin"))
                .satisfies(ex -> assertThat(ex.field()).isEqualTo("X-Strangler-Actor"));
    }

    @Test
    void refusesAReservedActor() {
        assertThatExceptionOfType(InvalidFieldException.class)
                .isThrownBy(() -> AuditFields.actor("auto-rollback", "admin", Set.of("auto-rollback")))
                .withMessageContaining("reserved");
    }

    @Test
    void keepsAReasonStripped() {
        assertThat(AuditFields.reason("  shadow clean for a day ")).isEqualTo("shadow clean for a day");
        assertThat(AuditFields.reasonOr(null, "(no reason given)")).isEqualTo("(no reason given)");
        assertThat(AuditFields.reasonOr(" ", "(no reason given)")).isEqualTo("(no reason given)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ok\n2026-01-01 admin switched", "ok\u001b[2J", "ok\u0000", "tab\there", "ok\rforged" })
    void refusesAReasonWithControlCharacters(String reason) {
        assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> AuditFields.reason(reason))
                .satisfies(ex -> assertThat(ex.field()).isEqualTo("reason"))
                .withMessageContaining("control characters");
        assertThatExceptionOfType(InvalidFieldException.class)
                .isThrownBy(() -> AuditFields.reasonOr(reason, "(none)"));
    }

    @Test
    void refusesAMissingOrOverlongReason() {
        assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> AuditFields.reason("   "))
                .withMessage("reason: is required: say why, it goes into the audit log");
        assertThat(AuditFields.reason("x".repeat(500))).hasSize(500);
        assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> AuditFields.reason("x".repeat(501)))
                .withMessage("reason: must be at most 500 characters, was 501");
    }
}
