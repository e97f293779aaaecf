package io.gridhub.opcua.server.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What the northbound server needs, copied out of its configuration.
 *
 * @param users          user name to its password and roles
 * @param securityModes  none, sign, encrypt (Basic256Sha256 for sign and encrypt)
 */
record ServerOptions(String bindAddress, int port, String path, String hostname, Set<String> securityModes,
                     boolean allowAnonymous, Map<String, User> users, Path pkiDir, boolean trustAllClients,
                     long writeTimeoutMillis) {

    static final String OPERATOR = "operator";

    record User(String password, Set<String> roles) {
    }

    /** Users as {@code name:password:role[+role…]} entries (roles optional). */
    static Map<String, User> parseUsers(String[] entries) {
        Map<String, User> users = new java.util.LinkedHashMap<>();
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            String[] parts = e.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("user entry '" + e.replaceAll(":.*", ":***")
                        + "': expected name:password[:role+role]");
            }
            Set<String> roles = parts.length == 3 && !parts[2].isBlank() ? Set.of(parts[2].split("\\+")) : Set.of();
            users.put(parts[0], new User(parts[1], roles));
        }
        return users;
    }
}
