package io.gridhub.driver.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The client's own certificate (created once, kept in {@code <pkiDir>/own/}) and the explicit trust directory for
 * server certificates: a server certificate is accepted only if it (or its issuer) is a file in the trust
 * directory. A rejected one is saved to {@code <pkiDir>/rejected/<thumbprint>.der} so that an operator can inspect
 * it and move it into the trust directory.
 */
final class Pki {
    static final String APPLICATION_URI = "urn:io.gridhub:opcua-client";
    private static final char[] STORE_PASSWORD = "gridhub".toCharArray(); // the file's permissions protect it
    private static final String ALIAS = "client";

    private Pki() {}

    /** The client's key pair and certificate. */
    record Identity(KeyPair keyPair, X509Certificate certificate) {}

    /** Loads the client's identity, creating a self-signed one on first use. */
    static synchronized Identity clientIdentity(Path pkiDir) throws IOException {
        Path own = pkiDir.resolve("own");
        Path store = own.resolve("gridhub-client.p12");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(store)) {
                try (InputStream in = Files.newInputStream(store)) {
                    ks.load(in, STORE_PASSWORD);
                }
                X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
                PrivateKey key = (PrivateKey) ks.getKey(ALIAS, STORE_PASSWORD);
                return new Identity(new KeyPair(cert.getPublicKey(), key), cert);
            }
            Files.createDirectories(own);
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            String host = InetAddress.getLocalHost().getHostName();
            X509Certificate cert = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("gridhub OPC UA client")
                    .setOrganization("gridhub")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName("localhost")
                    .addDnsName(host)
                    .addIpAddress("127.0.0.1")
                    .build();
            ks.load(null, STORE_PASSWORD);
            ks.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {cert});
            try (OutputStream out = Files.newOutputStream(store)) {
                ks.store(out, STORE_PASSWORD);
            }
            // For the server's administrator: Basic256Sha256 needs the server to trust this certificate too.
            Files.write(own.resolve("gridhub-client.der"), cert.getEncoded());
            return new Identity(keyPair, cert);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot create or load the client certificate in " + own + ": " + e.getMessage(), e);
        }
    }

    /** SHA-1 of the DER encoding, hex: what OPC UA tools call the thumbprint. */
    static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificates in a folder: DER or PEM files, one or more certificates each. */
    static List<X509Certificate> certificatesIn(Path dir) {
        List<X509Certificate> list = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return list;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    list.addAll(CertificateUtil.decodeCertificates(Files.readAllBytes(f)));
                } catch (UaException | IOException | RuntimeException e) {
                    // Not a certificate (a README, a key file): ignored on purpose.
                }
            }
        } catch (IOException e) {
            // An unreadable folder trusts nothing.
        }
        return list;
    }

    /**
     * Validates server certificates against the trust directory, read afresh on every connect (so a certificate
     * moved there is used at the next reconnect, without a restart), with Milo's own validator.
     */
    static final class TrustDirValidator implements CertificateValidator {
        private final Path trustDir;
        private final Path rejectedDir;
        private final AtomicReference<String> rejection = new AtomicReference<>();

        TrustDirValidator(Path trustDir, Path rejectedDir) {
            this.trustDir = trustDir;
            this.rejectedDir = rejectedDir;
        }

        @Override
        public void validateCertificateChain(
                List<X509Certificate> chain, String applicationUri, String[] validHostnames) throws UaException {
            MemoryTrustListManager trust = new MemoryTrustListManager();
            trust.setTrustedCertificates(certificatesIn(trustDir));
            try {
                new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine())
                        .validateCertificateChain(chain, applicationUri, validHostnames);
            } catch (UaException e) {
                rejection.set(reject(chain.get(0), e));
                throw e;
            }
        }

        /** Why the last server certificate was rejected and how to trust it, or null. */
        String lastRejection() {
            return rejection.get();
        }

        private String reject(X509Certificate cert, UaException e) {
            String thumb = thumbprint(cert);
            Path file = rejectedDir.resolve(thumb + ".der");
            String saved;
            try {
                Files.createDirectories(rejectedDir);
                Files.write(file, cert.getEncoded());
                saved = "saved as " + file;
            } catch (IOException | CertificateEncodingException x) {
                saved = "could not be saved to " + file + " (" + x.getMessage() + ")";
            }
            return "server certificate '" + cert.getSubjectX500Principal().getName() + "' (SHA-1 thumbprint " + thumb
                    + ") is not trusted (" + DataValues.name(e.getStatusCode()) + "); it was " + saved
                    + "; if you trust this server, copy it into the trust directory " + trustDir + " and connect "
                    + "again";
        }
    }
}
