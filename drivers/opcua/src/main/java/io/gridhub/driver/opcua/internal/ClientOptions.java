package io.gridhub.driver.opcua.internal;

import io.gridhub.driver.opcua.OpcUaSettings;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The settings copied out of the converted annotation once per connect (the converter's proxy converts again on
 * every call), checked, with the defaults for folders resolved.
 */
public record ClientOptions(
        String endpointUrl,
        Security security,
        String securityPolicy,
        String username,
        String password,
        Path pkiDir,
        Path trustDir,
        int connectTimeoutMillis,
        int requestTimeoutMillis,
        double samplingIntervalMillis,
        double publishingIntervalMillis,
        int queueSize,
        int monitoredItemsPerCall) {

    /** Message security as the user names it. */
    enum Security {
        NONE,
        SIGN,
        ENCRYPT;

        static Security parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("securityMode '" + text + "': expected none, sign or encrypt");
            }
        }
    }

    public static ClientOptions of(OpcUaSettings s) {
        String pki = s.pkiDir().isBlank() ? defaultPkiDir() : s.pkiDir();
        Path pkiDir = Path.of(pki);
        Path trustDir = s.trustDir().isBlank() ? pkiDir.resolve("trusted") : Path.of(s.trustDir());
        return new ClientOptions(
                s.endpointUrl(),
                Security.parse(s.securityMode()),
                s.securityPolicy(),
                s.username(),
                s.password(),
                pkiDir,
                trustDir,
                s.connectTimeoutMillis(),
                s.requestTimeoutMillis(),
                s.samplingIntervalMillis(),
                s.publishingIntervalMillis(),
                s.queueSize(),
                s.monitoredItemsPerCall());
    }

    /** Inside Karaf the instance's data folder, outside (./gridhub probe, tests) the user's home. */
    static String defaultPkiDir() {
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "opcua", "pki").toString();
        }
        return Path.of(System.getProperty("user.home"), ".gridhub", "opcua", "pki")
                .toString();
    }
}
