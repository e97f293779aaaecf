package io.gridhub.web.internal;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

/** A JAAS realm standing in for Karaf's: users added by tests, password "pw-" + user, principals named as Karaf's. */
final class TestRealm {
    /** user → roles and pseudo-roles (the part after the password in users.properties). */
    static final Map<String, List<String>> USERS = new ConcurrentHashMap<>();

    record UserPrincipal(String getName) implements Principal {}

    record RolePrincipal(String getName) implements Principal {}

    static final Configuration CONFIGURATION = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(
                        Module.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())
            };
        }
    };

    private TestRealm() {}

    /** A user with these roles; returns the user name. */
    static String user(String name, String... roles) {
        USERS.put(name, List.of(roles));
        return name;
    }

    public static final class Module implements LoginModule {
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
            if (!USERS.containsKey(n.getName()) || !("pw-" + n.getName()).equals(new String(p.getPassword()))) {
                throw new FailedLoginException("bad credentials");
            }
            user = n.getName();
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal(user));
            USERS.get(user).forEach(r -> subject.getPrincipals().add(new RolePrincipal(r)));
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
}
