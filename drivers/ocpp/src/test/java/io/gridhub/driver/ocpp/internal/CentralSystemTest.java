package io.gridhub.driver.ocpp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.api.ev.UnknownChargePoint;
import io.gridhub.driver.ocpp.OcppSettings;
import io.gridhub.testkit.SteppingClock;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission without a socket: credentials, loopback-only access without them, the unknown list and its bound. */
class CentralSystemTest {
    private final SteppingClock clock = SteppingClock.at(Instant.parse("2026-12-07T08:00:00Z"));

    private CentralSystem system() {
        CentralSystem s = new CentralSystem(clock, Duration.ofSeconds(5), 300);
        s.configure(
                List.of(OcppPeerTest.cp("open-cp", "allowNoAuth", true), OcppPeerTest.cp("cp1", "password", "secret")));
        return s;
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void credentialsAreCheckedAndNoCredentialsPassOnlyFromLoopbackWhenAllowed() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetAddress lan = InetAddress.getByName("192.0.2.10");
        try (CentralSystem s = system()) {
            assertThat(s.admit("cp1", basic("cp1:secret"), lan).chargePointId()).isEqualTo("cp1");
            assertThat(s.admit("open-cp", null, loopback).chargePointId()).isEqualTo("open-cp");
            assertThatThrownBy(() -> s.admit("open-cp", null, lan)).hasMessageContaining("no credentials");
            assertThatThrownBy(() -> s.admit("cp1", basic("cp1:wrong"), loopback))
                    .hasMessageContaining("wrong user or password");
            assertThatThrownBy(() -> s.admit("cp1", basic("other:secret"), loopback))
                    .hasMessageContaining("wrong user or password");
            assertThatThrownBy(() -> s.admit("cp1", "Bearer abc", loopback)).hasMessageContaining("only HTTP Basic");
            assertThatThrownBy(() -> s.admit("cp1", "Basic %%%", loopback)).hasMessageContaining("Base64");
            // A charge point without a password cannot log in with any.
            assertThatThrownBy(() -> s.admit("open-cp", basic("open-cp:"), loopback))
                    .isInstanceOf(CentralSystem.Refused.class);
            assertThat(s.unknownChargePoints()).isEmpty();
        }
    }

    @Test
    void unknownIdentitiesAreListedWithTheirAttemptsAndTheListIsBounded() throws Exception {
        InetAddress lan = InetAddress.getByName("192.0.2.10");
        try (CentralSystem s = system()) {
            for (int i = 0; i < CentralSystem.MAX_UNKNOWN + 50; i++) {
                clock.advance(Duration.ofSeconds(1));
                String id = "stranger-" + i;
                assertThatThrownBy(() -> s.admit(id, null, lan)).hasMessageContaining("unknown charge point");
            }
            clock.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> s.admit("stranger-249", null, lan)).isInstanceOf(CentralSystem.Refused.class);
            List<UnknownChargePoint> unknown = s.unknownChargePoints();
            assertThat(unknown).hasSize(CentralSystem.MAX_UNKNOWN);
            assertThat(unknown).extracting(UnknownChargePoint::id).doesNotContain("stranger-0", "stranger-49");
            assertThat(unknown)
                    .filteredOn(u -> u.id().equals("stranger-249"))
                    .singleElement()
                    .satisfies(u -> {
                        assertThat(u.attempts()).isEqualTo(2);
                        assertThat(u.address()).isEqualTo("192.0.2.10");
                        assertThat(u.lastAttempt()).isEqualTo(clock.instant());
                    });
            // Configured later: no longer unknown.
            s.configure(List.of(OcppPeerTest.cp("stranger-249", "allowNoAuth", true)));
            assertThat(s.unknownChargePoints())
                    .extracting(UnknownChargePoint::id)
                    .doesNotContain("stranger-249");
        }
    }

    @Test
    void guestsAreAdmittedWithoutCredentialsAndMayNameTheirAssetAndRating() {
        List<OcppSettings> g = CentralSystemComponent.guests(
                new String[] {"plain-cp", " peer-cp01;assetId=peer-cp01;maxPowerW=7400, other-cp;canDischarge=true", " "
                });
        assertThat(g).extracting(s -> s.chargePointId()).containsExactly("plain-cp", "peer-cp01", "other-cp");
        assertThat(g).allSatisfy(s -> assertThat(s.allowNoAuth()).isTrue());
        assertThat(g.get(0).assetId()).isEmpty();
        assertThat(g.get(0).maxPowerW()).isEqualTo(11_000);
        assertThat(g.get(1).assetId()).isEqualTo("peer-cp01");
        assertThat(g.get(1).maxPowerW()).isEqualTo(7_400);
        assertThat(g.get(2).canDischarge()).isTrue();
        // a guest cannot give itself a password or another identity
        assertThatThrownBy(() -> CentralSystemComponent.guests(new String[] {"cp;password=x"}))
                .hasMessageContaining("expected one of");
        assertThatThrownBy(() -> CentralSystemComponent.guests(new String[] {"cp;assetId"}))
                .hasMessageContaining("name=value");
    }
}
