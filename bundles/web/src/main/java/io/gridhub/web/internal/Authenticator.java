package io.gridhub.web.internal;

import io.gridhub.api.governance.Actor;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Who sends a request: HTTP Basic credentials checked against a JAAS realm — in Karaf the {@code karaf} realm
 * (users and roles in {@code etc/users.properties}, passwords hashed by Karaf, see
 * {@code config/default/org.apache.karaf.jaas.cfg}), so a governance lead is a user with the role
 * {@code governance-lead}. Two pseudo-roles are identity attributes, not roles: {@code person:<id>} (the natural
 * person behind the account; the account name when absent) and {@code member:<id>} (the member a member account
 * reads the data of). Karaf's login modules give the user and each role as principals
 * of the classes {@code UserPrincipal} and {@code RolePrincipal} (package {@code org.apache.karaf.jaas.boot.
 * principal}); they are recognised by simple class name, so this bundle needs no Karaf import.
 */
final class Authenticator {
    static final String REALM = "karaf";
    private final String realm;
    private final Configuration configuration;

    /** The JVM's JAAS configuration (Karaf installs its own) and realm {@code karaf}. */
    Authenticator() {
        this(REALM, null);
    }

    /** A given realm and configuration (tests). */
    Authenticator(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    /** The actor of a request; 401 when it has no or wrong credentials. */
    Actor actor(String authorizationHeader) {
        return caller(authorizationHeader).actor();
    }

    /** The caller of a request with HTTP Basic credentials; 401 when it has no or wrong credentials. */
    Caller caller(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new ApiException(
                    401,
                    "this step needs a user: send HTTP Basic credentials of a user of the " + "hub's '" + realm
                            + "' realm (etc/users.properties)");
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "Authorization header: not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new ApiException(401, "Authorization header: expected user:password");
        }
        return login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    Caller login(String user, char[] password) {
        Subject subject = new Subject();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        // Karaf's proxy login module is boot-delegated; the context loader must be a bundle's, not Jetty's.
        t.setContextClassLoader(Authenticator.class.getClassLoader());
        try {
            LoginContext lc = new LoginContext(
                    realm,
                    subject,
                    callbacks -> {
                        for (var c : callbacks) {
                            if (c instanceof NameCallback n) {
                                n.setName(user);
                            } else if (c instanceof PasswordCallback p) {
                                p.setPassword(password);
                            } else {
                                throw new UnsupportedCallbackException(c);
                            }
                        }
                    },
                    configuration);
            lc.login();
        } catch (LoginException e) {
            throw new ApiException(401, "user " + user + ": login failed in realm '" + realm + "'");
        } finally {
            t.setContextClassLoader(previous);
        }
        Set<String> roles = new HashSet<>();
        String name = user;
        String person = null;
        String member = null;
        for (Principal p : subject.getPrincipals()) {
            String kind = p.getClass().getSimpleName();
            if (kind.equals("RolePrincipal")) {
                String r = p.getName();
                if (r.startsWith(Roles.PERSON_ATTRIBUTE)) {
                    person = r.substring(Roles.PERSON_ATTRIBUTE.length()).trim();
                } else if (r.startsWith(Roles.MEMBER_ATTRIBUTE)) {
                    member = r.substring(Roles.MEMBER_ATTRIBUTE.length()).trim();
                } else {
                    roles.add(r);
                }
            } else if (kind.equals("UserPrincipal")) {
                name = p.getName();
            }
        }
        return new Caller(new Actor(name, roles, person), member == null || member.isEmpty() ? null : member, false);
    }
}
