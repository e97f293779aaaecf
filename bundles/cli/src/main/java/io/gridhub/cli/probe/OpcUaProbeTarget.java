package io.gridhub.cli.probe;

import io.gridhub.driver.opcua.OpcUaDriver;
import io.gridhub.driver.opcua.OpcUaSettings;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converters;

/**
 * {@code opc.tcp://HOST[:PORT][/PATH]?setting=value}: OPC UA through the hub's own driver. Query parameters are the
 * driver's settings ({@code samplingIntervalMillis}, {@code publishingIntervalMillis}, {@code queueSize}, …);
 * {@code --security}, {@code --user}, {@code --password} and {@code --trust-dir} are options of their own.
 */
public final class OpcUaProbeTarget implements ProbeTarget {
    private static final Map<String, String> OPTIONS =
            Map.of("security", "securityMode", "user", "username", "password", "password", "trust-dir", "trustDir");

    @Override
    public String scheme() {
        return "opc.tcp";
    }

    @Override
    public String usage() {
        return "opc.tcp://HOST[:PORT][/PATH] [--security none|sign|encrypt] [--user U --password P] [--trust-dir DIR];"
                + " addresses are NodeIds like ns=1;s=Sim.D0000 or ns=2;i=1042";
    }

    @Override
    public Resolved<?, ?> resolve(URI url) throws ProbeException {
        return resolve(url, Map.of());
    }

    @Override
    public Resolved<?, ?> resolve(URI url, Map<String, String> options) throws ProbeException {
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw UrlSettings.bad(url, "no host (e.g. opc.tcp://127.0.0.1:4840/path)");
        }
        Set<String> known = new TreeSet<>();
        Arrays.stream(OpcUaSettings.class.getDeclaredMethods()).forEach(m -> known.add(m.getName()));
        Map<String, Object> props = new LinkedHashMap<>();
        int port = url.getPort() < 0 ? 4840 : url.getPort();
        props.put(
                "endpointUrl",
                "opc.tcp://" + url.getHost() + ":" + port + (url.getRawPath() == null ? "" : url.getRawPath()));
        for (Map.Entry<String, String> p : UrlSettings.query(url).entrySet()) {
            String key = p.getKey();
            if (!known.contains(key) || key.equals("endpointUrl") || OPTIONS.containsValue(key)) {
                known.removeAll(OPTIONS.values());
                known.remove("endpointUrl");
                throw UrlSettings.bad(
                        url,
                        "unknown parameter '" + key + "' (known: " + String.join(", ", known)
                                + "; security, user, password and trust dir are options)");
            }
            props.put(key, p.getValue());
        }
        for (Map.Entry<String, String> o : options.entrySet()) {
            props.put(OPTIONS.get(o.getKey()), o.getValue());
        }
        String mode = String.valueOf(props.getOrDefault("securityMode", "none"));
        if (!Set.of("none", "sign", "encrypt").contains(mode)) {
            throw new ProbeException("--security '" + mode + "': expected none, sign or encrypt");
        }
        if (props.containsKey("username") != props.containsKey("password")) {
            throw new ProbeException("--user and --password go together");
        }
        OpcUaSettings settings;
        try {
            settings = Converters.standardConverter().convert(props).to(OpcUaSettings.class);
            // The converter is lazy: touch every setting now so that a bad value is reported here.
            for (var m : OpcUaSettings.class.getDeclaredMethods()) {
                m.invoke(settings);
            }
        } catch (ConversionException | ReflectiveOperationException e) {
            Throwable c = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new ProbeException(UrlSettings.problem(url, c.getMessage()), c);
        }
        return new Resolved<>(new OpcUaDriver(), settings);
    }
}
