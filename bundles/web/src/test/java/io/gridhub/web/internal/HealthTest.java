package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.audit.AuditVerification;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

class HealthTest {
    private static Bundle bundle(String name, int state, boolean fragment) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (fragment) {
            headers.put(Constants.FRAGMENT_HOST, "io.gridhub.core");
        }
        return (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> name;
                    case "getState" -> state;
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void upOnlyWhenEveryGridhubBundleIsActive() {
        Bundle api = bundle("io.gridhub.api", Bundle.ACTIVE, false);
        Bundle core = bundle("io.gridhub.core", Bundle.RESOLVED, false);
        Bundle other = bundle("org.apache.felix.scr", Bundle.RESOLVED, false);
        Bundle fragment = bundle("io.gridhub.core.natives", Bundle.RESOLVED, true);
        Health starting = Health.of(new Bundle[] {api, core, other, fragment}, "1", 0);
        assertThat(starting.up()).isFalse();
        assertThat(starting.notActive()).containsExactly("io.gridhub.core RESOLVED");
        assertThat(starting.bundlesTotal()).isEqualTo(2);
        Health up =
                Health.of(new Bundle[] {api, bundle("io.gridhub.core", Bundle.ACTIVE, false), other, fragment}, "1", 0);
        assertThat(up.up()).isTrue();
        assertThat(Health.of(new Bundle[] {other}, "1", 0).up()).isFalse();
    }

    @Test
    void degradedWhenTheAuditTrailIsBroken() throws Exception {
        Bundle[] all = {bundle("io.gridhub.api", Bundle.ACTIVE, false)};
        Health intact = Health.of(all, "1", 5, new AuditVerification(12, Optional.empty()));
        assertThat(intact.status()).isEqualTo("UP");
        assertThat(intact.reason()).isNull();
        Health broken =
                Health.of(all, "1", 5, new AuditVerification(12, Optional.of("entry 7: mac does not " + "match")));
        assertThat(broken.up()).isFalse();
        assertThat(broken.status()).isEqualTo("DEGRADED");
        assertThat(broken.reason()).isEqualTo("the audit trail is broken: entry 7: mac does not match");
        assertThat(Json.MAPPER.writeValueAsString(broken))
                .startsWith("{\"status\":\"DEGRADED\",")
                .endsWith("\"reason\":\"the audit trail is broken: entry 7: mac does not match\"}");
        assertThat(Health.of(all, "1", 5, null).up()).isTrue(); // no trail installed: as before
    }

    @Test
    void degradedWhenTheStoreOrGovernanceIsDown() {
        Bundle[] all = {bundle("io.gridhub.api", Bundle.ACTIVE, false)};
        Health h = Health.of(
                all,
                "1",
                5,
                new AuditVerification(3, Optional.of("entry 2: mac does not match")),
                List.of("the time-series store fails: disk full", "policy governance is not running"));
        assertThat(h.status()).isEqualTo("DEGRADED");
        assertThat(h.reason())
                .isEqualTo("the audit trail is broken: entry 2: mac does not match; the time-series "
                        + "store fails: disk full; policy governance is not running");
        assertThat(Health.of(all, "1", 5, null, List.of("the time-series store fails: x"))
                        .up())
                .isFalse();
        assertThat(Health.of(all, "1", 5, null, List.of()).up()).isTrue();
    }

    @Test
    void startingWhileAServiceIsNotOpenYet() throws Exception {
        Bundle[] all = {bundle("io.gridhub.api", Bundle.ACTIVE, false)};
        Health opening = Health.of(all, "1", 5, null, List.of(), List.of("the time-series store", "the ingest routes"));
        assertThat(opening.up()).isFalse();
        assertThat(opening.status()).isEqualTo("STARTING");
        assertThat(opening.reason()).isNull();
        assertThat(Json.MAPPER.writeValueAsString(opening))
                .contains("\"waitingFor\":[\"the time-series store\",\"the ingest routes\"]");
        Health broken = Health.of(all, "1", 5, null, List.of("policy governance is not running"), List.of("x"));
        assertThat(broken.status()).isEqualTo("DEGRADED");
        assertThat(Health.of(all, "1", 5, null, List.of(), List.of()).up()).isTrue();
    }
}
