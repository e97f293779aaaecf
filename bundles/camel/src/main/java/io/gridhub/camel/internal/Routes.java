package io.gridhub.camel.internal;

import java.nio.file.Path;
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
    private final FileIntake files;
    private final PushIntake push;
    private final Path inbox;
    private final Path done;
    private final Path error;
    private final String idempotentRepository;

    Routes(
            Normalizer normalizer,
            FileIntake files,
            PushIntake push,
            Path inbox,
            Path done,
            Path error,
            String idempotentRepository) {
        this.normalizer = normalizer;
        this.files = files;
        this.push = push;
        this.inbox = inbox;
        this.done = done;
        this.error = error;
        this.idempotentRepository = idempotentRepository;
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

        if (inbox != null) {
            // Started only while a store is there: a file is acknowledged (moved to done) after its commit.
            from(fileUri())
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

    /** Files named in a mapping's pattern (any .csv or .json is read; one that no mapping takes is rejected). */
    private String fileUri() {
        StringBuilder uri = new StringBuilder("file:")
                .append(inbox.toAbsolutePath())
                .append("?include=RAW((?i).*\\.(csv|json))")
                .append("&readLock=changed&readLockCheckInterval=250&readLockTimeout=10000")
                .append("&move=")
                .append(done.toAbsolutePath())
                .append("/${date:now:yyyyMMdd-HHmmss}-${file:name}")
                .append("&moveFailed=")
                .append(error.toAbsolutePath())
                .append("/${file:name}")
                .append("&initialDelay=500&delay=1000");
        if (idempotentRepository != null) {
            // Seeded inboxes (the demo's) are copied afresh at every start: take a file once by name and size.
            uri.append("&idempotent=true&idempotentKey=${file:name}-${file:size}&idempotentRepository=#")
                    .append(idempotentRepository);
        }
        return uri.toString();
    }
}
