package io.gridhub.camel.internal;

import io.gridhub.api.ingest.IngestResult;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** {@code gridhub:raw}: turns each handed-in poll cycle into one exchange and runs the route on the caller's thread. */
final class GridhubRawConsumer extends DefaultConsumer {
    GridhubRawConsumer(GridhubEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public GridhubEndpoint getEndpoint() {
        return (GridhubEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().register(getEndpoint().getSource(), this);
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().unregister(getEndpoint().getSource(), this);
        super.doStop();
    }

    /** Runs the route for one cycle; a route that fails sends the whole cycle to the quarantine with the cause. */
    IngestResult submit(RawCycle cycle) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(cycle);
            getProcessor().process(exchange);
            if (exchange.getException() == null) {
                Normalized n = exchange.getMessage().getBody(Normalized.class);
                if (n != null) {
                    return n.result();
                }
                return getEndpoint()
                        .getComponent()
                        .quarantineAll(cycle, "route " + getRouteId() + " did not normalize the cycle");
            }
            return getEndpoint().getComponent().quarantineAll(cycle, "route failed: " + exchange.getException());
        } catch (Exception e) {
            return getEndpoint().getComponent().quarantineAll(cycle, "route failed: " + e);
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
