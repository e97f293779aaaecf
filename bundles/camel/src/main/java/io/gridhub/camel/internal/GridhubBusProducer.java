package io.gridhub.camel.internal;

import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** {@code gridhub:bus}: publishes a normalized batch as one bus publication; durable: stored first. */
final class GridhubBusProducer extends DefaultProducer {
    GridhubBusProducer(GridhubEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public GridhubEndpoint getEndpoint() {
        return (GridhubEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Normalized n = exchange.getMessage().getMandatoryBody(Normalized.class);
        List<Sample> samples = n.samples();
        if (samples.isEmpty()) {
            return;
        }
        GridhubComponent c = getEndpoint().getComponent();
        if (getEndpoint().isDurable()) {
            TimeSeriesStore store = c.store();
            if (store == null) {
                throw new StoreException("no time-series store is running: " + samples.size() + " samples of "
                        + n.source() + " cannot be acknowledged");
            }
            store.appendAndPublish(samples, c.bus());
        } else {
            c.bus().publish(samples);
        }
    }
}
