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
    /**
     * The protocol's URL form.
     *
     * @param usage the URL form and address syntax, one line
     * @param type the driver's settings, read by {@link UrlSettings#of}
     * @param aliases short query names to settings names
     */
    record Form<S>(
            String scheme,
            String usage,
            Class<S> type,
            int defaultPort,
            Map<String, String> aliases,
            Supplier<? extends Driver<S, ?>> driver) {}

    private final Form<S> form;

    UrlProbeTarget(Form<S> form) {
        this.form = form;
    }

    @Override
    public final String scheme() {
        return form.scheme();
    }

    @Override
    public final String usage() {
        return form.usage();
    }

    @Override
    public final Resolved<?, ?> resolve(URI url) throws ProbeException {
        S settings = UrlSettings.of(url, form.type(), form.defaultPort(), form.aliases());
        check(url, settings);
        return resolved(form.driver().get(), settings);
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
