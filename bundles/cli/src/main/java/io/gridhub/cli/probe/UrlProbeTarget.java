package io.gridhub.cli.probe;

import io.gridhub.api.driver.Driver;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A protocol whose URL is {@code SCHEME://HOST[:PORT]?setting=value}, read into the driver's typed settings by
 * {@link UrlSettings} (which also checks the port); a subclass names its scheme, aliases and driver and checks the
 * settings' own ranges.
 *
 * @param <S> the driver's settings
 */
abstract class UrlProbeTarget<S> implements ProbeTarget {
    private final String scheme;
    private final String usage;
    private final Class<S> type;
    private final int defaultPort;
    private final Map<String, String> aliases;
    private final Supplier<? extends Driver<S, ?>> driver;

    UrlProbeTarget(
            String scheme,
            String usage,
            Class<S> type,
            int defaultPort,
            Map<String, String> aliases,
            Supplier<? extends Driver<S, ?>> driver) {
        this.scheme = scheme;
        this.usage = usage;
        this.type = type;
        this.defaultPort = defaultPort;
        this.aliases = aliases;
        this.driver = driver;
    }

    @Override
    public final String scheme() {
        return scheme;
    }

    @Override
    public final String usage() {
        return usage;
    }

    @Override
    public final Resolved<?, ?> resolve(URI url) throws ProbeException {
        S settings = UrlSettings.of(url, type, defaultPort, aliases);
        check(url, settings);
        return resolved(driver.get(), settings);
    }

    /**
     * Refuses settings outside the protocol's ranges.
     *
     * @throws ProbeException naming the setting (see {@link UrlSettings#bad})
     */
    abstract void check(URI url, S settings) throws ProbeException;

    private static <S, A> Resolved<S, A> resolved(Driver<S, A> driver, S settings) {
        return new Resolved<>(driver, settings);
    }
}
