package io.gridhub.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The one container set-up every IT uses: the built gridhub distribution, unpacked under {@code target/exam}, on a
 * free HTTP port, logging WARN and above to {@code target/karaf-logs/<test class>.log} (outside the unpacked folder,
 * which is deleted after the class). Runs on the Maven side only, from each IT's {@code @Configuration}.
 */
public final class GridhubContainer {
    /** System property of the container: the HTTP port the hub listens on (loopback only). */
    public static final String HTTP_PORT = "gridhub.it.httpPort";

    private GridhubContainer() {}

    public static Option[] configuration(Class<?> testClass, Option... extra) {
        Path build = buildDirectory();
        int port = freePort();
        Path log = build.resolve("karaf-logs").resolve(testClass.getSimpleName() + ".log");
        Path m2 =
                Paths.get(System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
        Path examRepository = Paths.get(System.getProperty(
                        "gridhub.it.examRepository",
                        build.resolve("exam-repository").toString()))
                .toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(distributionUrl())
                        .name("gridhub")
                        .unpackDirectory(build.resolve("exam").toFile())
                        // Pax Exam installs nothing into deploy/, which stays the hot-swap test's own.
                        .useDeployFolder(false),
                when(Boolean.getBoolean("gridhub.it.keepRuntime")).useOptions(keepRuntimeFolder()),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.fileName", log.toString()),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.filePattern", log + ".%i"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(port)),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
                // Pax Exam starts Karaf without bin/gridhub, whose set-up makes the HTTPS certificate: HTTP only
                // here (the process-level ITs run with HTTPS on).
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.secure.enabled", "false"),
                // Pax Exam's own bundles come from exam-repository (filled by the build), anything else from the
                // local repository, and only Maven Central beyond that: no waiting on unreachable snapshot hosts.
                editConfigurationFileExtend(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.defaultRepositories",
                        examRepository.toUri() + "@id=exam"),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", m2.toString()),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.repositories",
                        "https://repo1.maven.org/maven2@id=central"),
                editConfigurationFilePut("etc/users.properties", ItUser.NAME, ItUser.ENTRY),
                // The servers the distribution starts by default listen on free ports, not their standard ones, so a
                // demo or another hub on the same machine cannot make the container's components fail.
                editConfigurationFilePut("etc/io.gridhub.driver.ocpp.cfg", "port", Integer.toString(freePort())),
                editConfigurationFilePut("etc/io.gridhub.northbound.opcua.cfg", "port", Integer.toString(freePort())),
                systemProperty(HTTP_PORT).value(Integer.toString(port)),
                // How long @Inject waits for a service: the hub's components start after the probe may. Both bounds
                // are generous: on a 2-core machine at load 20+ the container took over 120 s to offer its probe.
                systemProperty("pax.exam.service.timeout").value("300000"),
                systemTimeout(600_000),
                vmOptions(java17Options()),
                // Small and light on a 2-core machine; the tests need neither peak speed nor a big heap.
                vmOptions("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")));
        options.addAll(Arrays.asList(extra));
        return options.toArray(Option[]::new);
    }

    /** The target folder of the itests module. */
    public static Path buildDirectory() {
        return Paths.get(System.getProperty("gridhub.it.buildDirectory", "target"))
                .toAbsolutePath();
    }

    /**
     * The archive as a file URL when Maven set {@code gridhub.distribution} (the reactor's or the local repository's
     * copy); else the installed artifact at the version in dependencies.properties.
     */
    private static String distributionUrl() {
        String path = System.getProperty("gridhub.distribution", "");
        if (!path.isBlank() && !path.startsWith("${")) {
            return Paths.get(path).toAbsolutePath().toUri().toString();
        }
        return maven("io.gridhub", "gridhub-distribution")
                .type("tar.gz")
                .versionAsInProject()
                .getURL();
    }

    /**
     * What bin/karaf passes to a Java 9+ JVM; Pax Exam's runner starts Java directly and adds none of it. The paths
     * are relative to the Karaf base folder, the runner's working directory.
     */
    private static String[] java17Options() {
        String karaf = System.getProperty("gridhub.it.karafVersion", "4.4.10");
        return new String[] {
            "--add-reads=java.xml=java.logging",
            "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
            "--patch-module",
            "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karaf + ".jar",
            "--patch-module",
            "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karaf + ".jar",
            "--add-opens",
            "java.base/java.security=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.net=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.util=ALL-UNNAMED",
            "--add-opens",
            "java.naming/javax.naming.spi=ALL-UNNAMED",
            "--add-opens",
            "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
            "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
            "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
            "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED"
        };
    }

    /**
     * A port free on 127.0.0.1 right now; another process could take it before Jetty binds, which is rare enough here.
     * Not the hub test kit's {@code Ports}: Pax Exam's probe bundle carries this module's classes only.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port", e);
        }
    }
}
