package io.gridhub.camel.internal;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** An HTTP push body (JSON readings) into a raw cycle; any bad reading refuses the whole body (all or nothing). */
final class PushIntake implements Processor {
    private final Clock clock;

    PushIntake(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String source = exchange.getMessage().getHeader(Routes.SOURCE_HEADER, String.class);
        byte[] body = exchange.getMessage().getMandatoryBody(byte[].class);
        Readings.Result r = Readings.json(new ByteArrayInputStream(body), source);
        if (!r.problems().isEmpty()) {
            throw new SourceParseException(
                    r.problems().size() + " of " + r.rows() + " readings refused, nothing ingested", r.problems());
        }
        exchange.getMessage().setBody(new RawCycle(source, r.readings(), clock.instant(), r.raw()));
    }
}
