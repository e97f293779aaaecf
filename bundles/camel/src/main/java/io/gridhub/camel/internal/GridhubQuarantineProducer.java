package io.gridhub.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** {@code gridhub:quarantine}: keeps the readings a normalized batch could not use, with their reasons. */
final class GridhubQuarantineProducer extends DefaultProducer {
    GridhubQuarantineProducer(GridhubEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public GridhubEndpoint getEndpoint() {
        return (GridhubEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Normalized n = exchange.getMessage().getMandatoryBody(Normalized.class);
        getEndpoint().getComponent().quarantine().addAll(n.quarantined());
    }
}
