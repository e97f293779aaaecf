package io.gridhub.testkit;

import java.time.Clock;

/**
 * The hub's services in memory, sharing one clock: for tests of code that uses several of them. Each part is also
 * usable alone.
 */
public final class FakeHub {
    public final Clock clock;
    public final FakeRegistry registry = new FakeRegistry();
    public final FakeBus bus = new FakeBus();
    public final FakeStore store = new FakeStore();
    public final FakeLedger ledger;
    public final FakeGovernance governance;
    public final RecordingEvents events;
    public final RecordingAuditTrail audit;
    public final RecordingWriter writer = new RecordingWriter();

    public FakeHub(Clock clock) {
        this.clock = clock;
        this.ledger = new FakeLedger(clock);
        this.governance = new FakeGovernance(clock);
        this.events = new RecordingEvents(clock);
        this.audit = new RecordingAuditTrail(clock);
    }
}
