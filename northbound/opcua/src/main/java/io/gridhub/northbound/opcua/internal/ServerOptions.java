package io.gridhub.northbound.opcua.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the northbound server needs, copied out of its configuration. Security None, anonymous sessions and
 * trusting every client certificate are refused unless the server binds a loopback address: whoever can reach the
 * port from another machine must authenticate over a signed channel with a certificate the hub trusts.
 *
 * @param users          user name to its password and roles
 * @param securityModes  none, sign, encrypt (Basic256Sha256 for sign and encrypt)
 */
record ServerOptions(
        String bindAddress,
        int port,
        String path,
        String hostname,
        Set<String> securityModes,
        boolean allowAnonymous,
        Map<String, User> users,
        Path pkiDir,
        boolean trustAllClients,
        long writeTimeoutMillis) {

    static final String OPERATOR = "operator";

    ServerOptions {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress is empty: give an address to bind, e.g. 127.0.0.1");
        }
        bindAddress = bindAddress.trim();
        securityModes = Collections.unmodifiableSet(new LinkedHashSet<>(securityModes)); // endpoint order
        users = Map.copyOf(users);
        if (!loopback(bindAddress)) {
            List<String> refused = new ArrayList<>();
            if (securityModes.contains("none")) {
                refused.add("securityModes offers none");
            }
            if (allowAnonymous) {
                refused.add("allowAnonymous = true");
            }
            if (trustAllClients) {
                refused.add("trustAllClients = true");
            }
            if (!refused.isEmpty()) {
                throw new IllegalArgumentException("OPC UA server not started: bindAddress " + bindAddress
                        + " is not a loopback address, and " + String.join(", ", refused) + ". These are allowed "
                        + "on 127.0.0.1 only. Off loopback, offer securityModes = sign,encrypt, set allowAnonymous = "
                        + "false and trustAllClients = false, and put the trusted client certificates into "
                        + "pki/trusted/certs/ (docs/security.md, northbound/opcua/README.md)");
            }
        }
    }

    record User(String password, Set<String> roles) {}

    /** True for 127.0.0.0/8, ::1 and names that resolve to them; false for the wildcard 0.0.0.0 / :: and the rest. */
    static boolean loopback(String address) {
        try {
            InetAddress[] all = InetAddress.getAllByName(address);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress '" + address + "' is no address of this machine", e);
        }
    }

    /** Users as {@code name:password:role[+role…]} entries (roles optional). */
    static Map<String, User> parseUsers(String[] entries) {
        Map<String, User> users = new LinkedHashMap<>();
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            String[] parts = e.split(":", 3);
            if (parts.length < 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException(
                        "user entry '" + e.replaceAll(":.*", ":***") + "': expected name:password[:role+role]");
            }
            Set<String> roles = parts.length == 3 && !parts[2].isBlank() ? Set.of(parts[2].split("\\+")) : Set.of();
            users.put(parts[0], new User(parts[1], roles));
        }
        return users;
    }
}
