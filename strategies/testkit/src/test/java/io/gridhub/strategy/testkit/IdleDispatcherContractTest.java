package io.gridhub.strategy.testkit;

import io.gridhub.api.dispatch.Dispatcher;

/** The test kit checks itself: the sample strategy keeps its contract. */
class IdleDispatcherContractTest extends DispatcherContract {
    @Override
    protected Dispatcher strategy() {
        return new Samples.IdleDispatcher();
    }
}
