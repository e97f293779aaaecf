package io.gridhub.camel.internal;

import org.apache.camel.builder.RouteBuilder;

/**
 * The hub's routes, each with its id (see docs/ingest.md):
 * <ul>
 * <li>{@code gridhub-normalize}: device poll cycles from {@code gridhub:raw} → normalize → quarantine → bus;</li>
 * <li>{@code gridhub-normalize-durable}: the same for sources that acknowledge (files, HTTP push): stored before
 * it is published;</li>
 * <li>{@code gridhub-file-inbox}: CSV/JSON files dropped into the inbox;</li>
 * <li>{@code gridhub-http-push}: bodies posted to {@code /api/v1/ingest/<source>}.</li>
 * </ul>
 */
final class Routes extends RouteBuilder {
    static final String DURABLE = "direct:gridhub-normalize-durable";
    static final String PUSH = "direct:gridhub-http-push";
    static final String SOURCE_HEADER = "gridhubSource";
    static final String FILE_ROUTE = "gridhub-file-inbox";

    private final Normalizer normalizer;
    /** The file source; null: none. */
    private final FileIntake files;

    private final PushIntake push;

    Routes(Normalizer normalizer, FileIntake files, PushIntake push) {
        this.normalizer = normalizer;
        this.files = files;
        this.push = push;
    }

    @Override
    public void configure() {
        from("gridhub:raw")
                .routeId("gridhub-normalize")
                .process(normalizer)
                .to("gridhub:quarantine")
                .to("gridhub:bus")
                .process(normalizer::published);

        // A refused body or a failed store goes back to the caller (HTTP answer, the file route's error folder),
        // which reports it: no error handler here, the exception travels back unchanged.
        from(DURABLE)
                .routeId("gridhub-normalize-durable")
                .errorHandler(noErrorHandler())
                .process(normalizer)
                .to("gridhub:quarantine")
                .to("gridhub:bus?durable=true")
                .process(normalizer::published);

        if (files != null) {
            // Started only while a store is there: a file is acknowledged (moved to done) after its commit.
            from(files.uri())
                    .routeId(FILE_ROUTE)
                    .autoStartup(false)
                    .onException(Exception.class)
                    .handled(false)
                    .logExhausted(false)
                    .logStackTrace(false)
                    .process(files::rejected)
                    .end()
                    .process(files::read)
                    .to(DURABLE)
                    .process(files::done);
        }

        from(PUSH)
                .routeId("gridhub-http-push")
                .errorHandler(noErrorHandler())
                .process(push)
                .to(DURABLE);
    }
}
