package io.gridhub.camel.internal;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * The producer of {@code gridhub:bus} and {@code gridhub:quarantine}: hands the exchange's normalized batch to
 * what its endpoint does with one ({@link GridhubEndpoint#publish}, {@link GridhubEndpoint#quarantine}).
 */
final class GridhubProducer extends DefaultProducer {
    /** What an endpoint does with a normalized batch. */
    @FunctionalInterface
    interface Action {
        void accept(Normalized batch) throws Exception;
    }

    private final Action action;

    GridhubProducer(GridhubEndpoint endpoint, Action action) {
        super(endpoint);
        this.action = action;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        action.accept(exchange.getMessage().getMandatoryBody(Normalized.class));
    }
}
