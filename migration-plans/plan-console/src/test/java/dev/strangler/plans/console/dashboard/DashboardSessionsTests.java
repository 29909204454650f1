package dev.strangler.plans.console.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboard sessions: random ids, a CSRF value per session, expiry, sign-out and a bound on how many are kept.
 */
class DashboardSessionsTests {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T10:00:00Z"));

    private final DashboardSessions sessions = new DashboardSessions(Duration.ofHours(8), this.clock);

    @Test
    void findsASessionOnlyByItsExactIdAndGivesEachItsOwnCsrfValue() {
        DashboardSessions.Created ada = this.sessions.create("ada");
        DashboardSessions.Created grace = this.sessions.create("grace");

        assertThat(this.sessions.find(ada.id())).hasValueSatisfying(
                (session) -> assertThat(session.actor()).isEqualTo("ada"));
        assertThat(this.sessions.find(ada.id() + "x")).isEmpty();
        assertThat(this.sessions.find(null)).isEmpty();
        assertThat(ada.id()).isNotEqualTo(grace.id()).hasSize(43);
        assertThat(ada.session().csrf()).isNotEqualTo(grace.session().csrf()).isNotEqualTo(ada.id());
    }

    @Test
    void acceptsOnlyTheSessionsOwnCsrfValue() {
        DashboardSessions.Session session = this.sessions.create("ada").session();

        assertThat(session.acceptsCsrf(session.csrf())).isTrue();
        assertThat(session.acceptsCsrf(session.csrf() + "x")).isFalse();
        assertThat(session.acceptsCsrf("")).isFalse();
        assertThat(session.acceptsCsrf(null)).isFalse();
    }

    @Test
    void forgetsASessionWhenItExpiresOrIsEnded() {
        DashboardSessions.Created expiring = this.sessions.create("ada");
        DashboardSessions.Created ended = this.sessions.create("grace");

        this.sessions.end(ended.id());
        this.clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(this.sessions.find(expiring.id())).isPresent();
        assertThat(this.sessions.find(ended.id())).isEmpty();
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.sessions.find(expiring.id())).isEmpty();
    }

    @Test
    void keepsAtMostABoundedNumberOfSessionsDroppingTheOldest() {
        List<DashboardSessions.Created> created = new ArrayList<>();
        for (int i = 0; i <= DashboardSessions.MAX_SESSIONS; i++) {
            created.add(this.sessions.create("user" + i));
            this.clock.advance(Duration.ofSeconds(1));
        }

        assertThat(this.sessions.find(created.get(0).id())).isEmpty();
        assertThat(this.sessions.find(created.get(1).id())).isPresent();
        assertThat(this.sessions.find(created.get(DashboardSessions.MAX_SESSIONS).id())).isPresent();
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

    }

}
