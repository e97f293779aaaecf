package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridhub.allocation.internal.data.AllocationPolicyKind;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.governance.internal.FileGovernance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The governance resources with users checked by JAAS (a realm of this test standing in for Karaf's). */
class GovernanceTest {
    /** Principals named like Karaf's, so the authenticator recognises them as user and role. */
    record UserPrincipal(String getName) implements Principal {}

    record RolePrincipal(String getName) implements Principal {}

    /** user → password, roles… (the shape of Karaf's users.properties). */
    static final Map<String, List<String>> USERS = Map.of(
            "alice", List.of("secret-a", "operator"),
            "bob", List.of("secret-b", Actor.GOVERNANCE_LEAD),
            "carol", List.of("secret-c", Actor.GOVERNANCE_LEAD));

    public static final class TestLoginModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;

        @Override
        public void initialize(Subject s, CallbackHandler h, Map<String, ?> shared, Map<String, ?> options) {
            subject = s;
            handler = h;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback n = new NameCallback("user");
            PasswordCallback p = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {n, p});
            } catch (Exception e) {
                throw new LoginException(e.getMessage());
            }
            List<String> entry = USERS.get(n.getName());
            if (entry == null || !entry.get(0).equals(new String(p.getPassword()))) {
                throw new FailedLoginException("bad credentials");
            }
            user = n.getName();
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal(user));
            USERS.get(user).stream()
                    .skip(1)
                    .forEach(r -> subject.getPrincipals().add(new RolePrincipal(r)));
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    static final Configuration REALM = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return name.equals("karaf")
                    ? new AppConfigurationEntry[] {
                        new AppConfigurationEntry(
                                TestLoginModule.class.getName(),
                                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                                Map.of())
                    }
                    : null;
        }
    };

    @TempDir
    Path dir;

    private final Authenticator auth = new Authenticator("karaf", REALM);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int status(Throwable t) {
        return ((ApiException) t).status();
    }

    @Test
    void usersAndRolesComeFromTheRealm() {
        Actor bob = auth.actor(basic("bob", "secret-b"));
        assertThat(bob.name()).isEqualTo("bob");
        assertThat(bob.has(Actor.GOVERNANCE_LEAD)).isTrue();
        assertThat(auth.actor(basic("alice", "secret-a")).roles()).containsExactly("operator");
        assertThatThrownBy(() -> auth.actor(basic("bob", "wrong")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(401))
                .hasMessage("user bob: login failed in realm 'karaf'");
        assertThatThrownBy(() -> auth.actor(null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(401));
        assertThatThrownBy(() -> auth.actor("Basic !!!")).hasMessage("Authorization header: not Base64");
    }

    @Test
    void proposeApproveAndAuditThroughTheResources() throws Exception {
        FileGovernance g = new FileGovernance(
                dir, Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC), new AllocationPolicyKind());
        String body = "{\"policy\": {\"id\": \"demo-static\", \"version\": 1, \"staticShares\": {\"A\": 0.5}},"
                + " \"effectiveFrom\": \"2024-01-01T00:00:00Z\"}";
        Map<String, Object> created = Governance.propose(g, body, auth.actor(basic("alice", "secret-a")), x -> null);
        PolicyProposal p = (PolicyProposal) created.get("proposal");
        assertThat(p.state()).isEqualTo(ProposalState.PROPOSED);
        assertThat(p.proposedBy()).isEqualTo("alice");
        String approve = String.valueOf(p.id());

        // An operator cannot approve: 403 with the reason; a bad proposal number: 404; bad JSON: 400.
        assertThatThrownBy(() -> Governance.approve(g, approve, "", auth.actor(basic("alice", "secret-a"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403))
                .hasMessageContaining("needs the role governance-lead");
        assertThatThrownBy(() -> Governance.approve(g, "9", "", auth.actor(basic("bob", "secret-b"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));
        assertThatThrownBy(
                        () -> Governance.propose(g, "{\"policy\": 3}", auth.actor(basic("bob", "secret-b")), x -> null))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));

        PolicyProposal approved =
                (PolicyProposal) Governance.approve(g, approve, "", auth.actor(basic("bob", "secret-b")))
                        .get("proposal");
        assertThat(approved.state()).isEqualTo(ProposalState.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo("bob");
        assertThatThrownBy(() -> Governance.approve(g, approve, "", auth.actor(basic("carol", "secret-c"))))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));

        Map<String, Object> audit = Governance.audit(g, PageTest.page(Map.of()));
        assertThat(audit).containsEntry("intact", true);
        String json = Json.MAPPER.writeValueAsString(audit);
        assertThat(json)
                .contains(
                        "\"action\":\"propose\"",
                        "\"action\":\"denied:approve\"",
                        "\"action\":\"approve\"",
                        "\"actor\":\"bob\"");
        assertThat(Json.MAPPER.writeValueAsString(Governance.proposal(g, "1")))
                .contains("\"state\":\"APPROVED\"", "\"effectiveFrom\":\"2024-01-01T00:00:00Z\"");
    }
}
