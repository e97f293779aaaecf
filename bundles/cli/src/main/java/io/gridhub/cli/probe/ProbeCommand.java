package io.gridhub.cli.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Browsable;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.model.Quality;
import io.gridhub.cli.Tool;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gridhub probe URL …}: reads, writes, subscribes to or browses a device through the hub's own driver
 * code, outside OSGi. One JSON object per line per sample on stdout; a problem is one line on stderr and exit
 * code 2 (bad URL, bad address, unreachable or lost peer).
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Talks to a device with gridhub's driver: one JSON line per sample.",
            "Exit 0 when done (a refused address is a sample whose quality is not GOOD); 2 for a bad URL or "
                    + "address, or an unreachable device."
        },
        footer = {
            "",
            "Examples:",
            "  ./gridhub probe 'modbus://127.0.0.1:5020?unit=1' --read hr:100:float32 ir:0:uint16 coil:3 di:7",
            "  ./gridhub probe 'modbus://127.0.0.1:5020?unit=1' --write hr:101:uint16=4242",
            "  ./gridhub probe 'modbus://127.0.0.1:5020' --subscribe ir:0 --seconds 5 --interval 500",
            "  ./gridhub probe 'iec104://127.0.0.1:2404?ca=1' --read ioa:1001",
            "  ./gridhub probe 'iec104://127.0.0.1:2404?ca=1' --write ioa:5001:float=42.5",
            "  ./gridhub probe 'iec104://127.0.0.1:2404?ca=1' --subscribe ioa:1001 --seconds 5",
            "  ./gridhub probe iec61850://127.0.0.1:102 --browse",
            "  ./gridhub probe iec61850://127.0.0.1:102 --read 'pvbatLD0/MMXU1.TotW.mag.f[MX]'",
            "  ./gridhub probe iec61850://127.0.0.1:102 --write 'pvbatLD0/GGIO1.SPCSO1[CO]=true'",
            "  ./gridhub probe 'iec61850://127.0.0.1:102?reports=pvbatLD0/LLN0.urcbStatus01' \\",
            "      --subscribe 'pvbatLD0/GGIO1.SPCSO1.stVal[ST]' --seconds 10",
            "  ./gridhub probe opc.tcp://127.0.0.1:4840/peer --read 'ns=1;s=Sim.D0000' --browse",
            "  ./gridhub probe opc.tcp://127.0.0.1:4840/peer --security encrypt --trust-dir certs/trusted \\",
            "      --write 'ns=1;s=Sim.Setpoint=42.5'"
        })
public final class ProbeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Mixin
    Tool tool;

    @Parameters(index = "0", paramLabel = "URL", description = "The device, e.g. modbus://127.0.0.1:502?unit=1")
    String url;

    @Option(names = "--read", arity = "1..*", paramLabel = "ADDR", description = "Addresses to read once")
    List<String> reads = new ArrayList<>();

    @Option(
            names = "--write",
            arity = "1..*",
            paramLabel = "ADDR=VALUE",
            description = "Values to write (first): a number, or true/false (1/0)")
    List<String> writes = new ArrayList<>();

    @Option(
            names = "--command-type",
            paramLabel = "TYPE",
            description = "Appended to --write addresses as :TYPE (IEC 104: single, double, normalized, scaled, float)")
    String commandType;

    @Option(
            names = "--subscribe",
            arity = "1..*",
            paramLabel = "ADDR",
            description = "Addresses to follow: pushed by drivers that can (IEC 61850: values in an enabled report's "
                    + "data set), polled every --interval otherwise (stderr says which are polled)")
    List<String> subscribes = new ArrayList<>();

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10", description = "How long to subscribe (10)")
    double seconds;

    @Option(
            names = "--interval",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "Poll interval when the driver cannot push, ms (1000)")
    long intervalMillis;

    @Option(names = "--browse", description = "List the channels the device offers")
    boolean browse;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "Most channels to browse")
    int limit;

    @Option(names = "--verbose", description = "Driver and library logging on stderr")
    boolean verbose;

    @Option(names = "--security", paramLabel = "MODE", description = "OPC UA: none, sign or encrypt (none)")
    String security;

    @Option(names = "--user", paramLabel = "NAME", description = "OPC UA: user name (anonymous without)")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "OPC UA: password of --user")
    String password;

    @Option(
            names = "--trust-dir",
            paramLabel = "DIR",
            description = {
                "OPC UA: folder of trusted server "
                        + "certificates for sign/encrypt (~/.gridhub/opcua/pki/trusted). A server certificate not "
                        + "found there is refused, saved under ~/.gridhub/opcua/pki/rejected/<thumbprint>.der, and "
                        + "the message says which "
                        + "file to copy into DIR"
            })
    String trustDir;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        try {
            run(tool.out());
            return 0;
        } catch (ProbeException e) {
            return tool.fail(Tool.UNUSABLE, e.getMessage());
        } catch (RuntimeException e) {
            tool.fail(Tool.FAILED, "internal error: " + e);
            if (verbose) {
                e.printStackTrace(tool.err());
                tool.err().flush();
            }
            return Tool.FAILED;
        }
    }

    private void run(PrintWriter out) throws ProbeException {
        if (reads.isEmpty() && writes.isEmpty() && subscribes.isEmpty() && !browse) {
            throw new ProbeException("nothing to do: give --read, --write, --subscribe or --browse (see --help)");
        }
        if (seconds <= 0 || intervalMillis < 1) {
            throw new ProbeException("--seconds and --interval must be positive");
        }
        Map<String, String> options = new LinkedHashMap<>();
        putIfGiven(options, "security", security);
        putIfGiven(options, "user", user);
        putIfGiven(options, "password", password);
        putIfGiven(options, "trust-dir", trustDir);
        ProbeTarget.Resolved<?, ?> resolved = resolve(url, options);
        probe(resolved, out);
    }

    private static void putIfGiven(Map<String, String> options, String name, String value) {
        if (value != null) {
            options.put(name, value);
        }
    }

    static ProbeTarget.Resolved<?, ?> resolve(String text) throws ProbeException {
        return resolve(text, Map.of());
    }

    static ProbeTarget.Resolved<?, ?> resolve(String text, Map<String, String> options) throws ProbeException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw UrlSettings.bad(text, e.getReason());
        }
        Map<String, ProbeTarget> targets = new TreeMap<>();
        ServiceLoader.load(ProbeTarget.class).forEach(t -> targets.put(t.scheme(), t));
        ProbeTarget target =
                uri.getScheme() == null ? null : targets.get(uri.getScheme().toLowerCase());
        if (target == null) {
            throw UrlSettings.bad(
                    text,
                    "unknown scheme"
                            + (uri.getScheme() == null ? "" : " '" + uri.getScheme() + "'") + " (known: "
                            + String.join(", ", targets.keySet()) + ")");
        }
        return target.resolve(uri, options);
    }

    private <S, A> void probe(ProbeTarget.Resolved<S, A> r, PrintWriter out) throws ProbeException {
        Driver<S, A> driver = r.driver();
        List<A> readAddresses = parse(driver, reads);
        List<A> subscribeAddresses = parse(driver, subscribes);
        List<A> writeAddresses = new ArrayList<>();
        List<Double> writeValues = new ArrayList<>();
        for (String w : writes) {
            int eq = w.lastIndexOf('=');
            if (eq < 1) {
                throw new ProbeException("bad write '" + w + "': expected ADDR=VALUE, e.g. hr:101:uint16=4242");
            }
            String address = w.substring(0, eq);
            if (commandType != null && !commandType.isBlank()) {
                address = address + ":" + commandType.trim();
            }
            writeAddresses.add(parse(driver, List.of(address)).get(0));
            writeValues.add(writeValue(w, w.substring(eq + 1).trim()));
        }
        Connection<A> c;
        try {
            c = driver.connect(r.settings(), DeviceContext.of("probe", clock));
        } catch (ConnectionException e) {
            throw new ProbeException(oneLine(e), e);
        }
        try {
            for (int i = 0; i < writeAddresses.size(); i++) {
                if (!(c instanceof Writable<?>)) {
                    throw new ProbeException("the " + driver.id() + " driver cannot write");
                }
                @SuppressWarnings("unchecked")
                Quality q = ((Writable<A>) c).write(writeAddresses.get(i), writeValues.get(i));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("point", driver.format(writeAddresses.get(i)));
                line.put("write", number(writeValues.get(i)));
                quality(line, q);
                line.put("time", clock.instant().toString());
                print(out, line);
            }
            if (!readAddresses.isEmpty()) {
                printReadings(out, driver, readAddresses, c.read(readAddresses));
            }
            if (browse) {
                if (!(c instanceof Browsable<?>)) {
                    throw new ProbeException("the " + driver.id() + " driver cannot browse: read the device's "
                            + "documented addresses with --read");
                }
                @SuppressWarnings("unchecked")
                List<Browsable.BrowseEntry<A>> entries = ((Browsable<A>) c).browse(limit);
                for (Browsable.BrowseEntry<A> e : entries) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("point", driver.format(e.address()));
                    line.put("description", e.description());
                    print(out, line);
                }
            }
            if (!subscribeAddresses.isEmpty()) {
                subscribe(out, driver, c, subscribeAddresses);
            }
        } catch (ConnectionException e) {
            throw new ProbeException(oneLine(e), e);
        } finally {
            c.close();
        }
    }

    /** A value to write: a number, or {@code true}/{@code false} (1/0) for boolean controls and single commands. */
    private static double writeValue(String write, String text) throws ProbeException {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return text.equalsIgnoreCase("true") ? 1 : 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ProbeException("bad write '" + write + "': '" + text + "' is not a number, true or false");
        }
    }

    private <S, A> void subscribe(PrintWriter out, Driver<S, A> driver, Connection<A> c, List<A> addresses)
            throws ConnectionException, ProbeException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        if (!(c instanceof Subscribable<?>)) {
            // Drivers without push (Modbus): poll at the interval for the given time.
            poll(out, driver, c, () -> addresses, end);
            return;
        }
        @SuppressWarnings("unchecked")
        Subscribable<A> s = (Subscribable<A>) c;
        // A channel the driver cannot push (an IEC 61850 value in no enabled report's data set) is refused with a
        // CONFIGURATION_ERROR reading: it is polled at the interval instead, and stderr says so.
        Set<A> polled = ConcurrentHashMap.newKeySet();
        try (AutoCloseable sub = s.subscribe(addresses, (a, reading) -> {
            if (polled.contains(a)) {
                return;
            }
            if (notPushed(reading) && polled.add(a)) {
                note(driver.format(a) + " is not pushed (" + reading.quality().detail() + "): polled every "
                        + intervalMillis + " ms instead");
                return;
            }
            synchronized (out) {
                printReadings(out, driver, List.of(a), List.of(reading));
            }
        })) {
            poll(
                    out,
                    driver,
                    c,
                    () -> addresses.stream().filter(polled::contains).toList(),
                    end);
        } catch (ConnectionException | ProbeException e) {
            throw e;
        } catch (Exception e) {
            throw new ProbeException("subscription failed: " + e.getMessage(), e);
        }
    }

    private static boolean notPushed(Reading r) {
        return r.quality().status() == Quality.Status.INVALID
                && r.quality().reason() == Quality.Reason.CONFIGURATION_ERROR;
    }

    /** Reads what {@code addresses} gives at each interval (nothing while it is empty) until {@code end}. */
    private <A> void poll(PrintWriter out, Driver<?, A> driver, Connection<A> c, Supplier<List<A>> addresses, long end)
            throws ConnectionException, ProbeException {
        while (System.nanoTime() < end) {
            long next = System.nanoTime() + intervalMillis * 1_000_000;
            List<A> now = addresses.get();
            if (!now.isEmpty()) {
                List<Reading> readings = c.read(now);
                synchronized (out) {
                    printReadings(out, driver, now, readings);
                }
            }
            sleepUntil(Math.min(next, end));
        }
    }

    private void note(String line) {
        PrintWriter err = tool.err();
        synchronized (err) {
            err.println("probe: " + line);
            err.flush();
        }
    }

    private static void sleepUntil(long nanoTime) throws ProbeException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProbeException("interrupted");
            }
        }
    }

    private <A> void printReadings(PrintWriter out, Driver<?, A> driver, List<A> addresses, List<Reading> readings) {
        Instant received = clock.instant();
        for (int i = 0; i < addresses.size(); i++) {
            Reading r = readings.get(i);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("point", driver.format(addresses.get(i)));
            line.put("value", Double.isFinite(r.value()) ? number(r.value()) : null);
            quality(line, r.quality());
            line.put("sourceTime", (r.sourceTime() == null ? received : r.sourceTime()).toString());
            line.put("receivedTime", received.toString());
            print(out, line);
        }
    }

    private static void quality(Map<String, Object> line, Quality q) {
        line.put("quality", q.status().name());
        if (!q.isGood()) {
            line.put("reason", q.reason().name());
            line.put("detail", q.detail());
        }
    }

    /** Whole numbers print without a fraction (4242, not 4242.0). */
    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    private static void print(PrintWriter out, Map<String, Object> line) {
        try {
            out.println(JSON.writeValueAsString(line));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <A> List<A> parse(Driver<?, A> driver, List<String> texts) throws ProbeException {
        List<A> list = new ArrayList<>();
        for (String t : texts) {
            try {
                list.add(driver.parseAddress(t));
            } catch (AddressException e) {
                throw new ProbeException("bad " + e.getMessage());
            }
        }
        return list;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
