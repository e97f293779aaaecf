package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.Report;
import io.gridhub.driver.testkit.TestDeviceContext;
import io.gridhub.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReportSequencerTest {
    private final TestDeviceContext context = new TestDeviceContext("ied");
    private final List<Integer> out = new CopyOnWriteArrayList<>();
    private final ReportSequencer seq =
            new ReportSequencer(Duration.ofMillis(100), context.scheduler(), r -> out.add(r.getSqNum()));

    @AfterEach
    void stop() {
        context.close();
    }

    private static Report report(Integer sq) {
        return new Report("rpt", sq, null, false, null, null, null, null, null, null, List.of(), null);
    }

    private void waitForSize(int n) {
        Waits.until(Duration.ofSeconds(30), () -> out.size() >= n, n + " reports out of the sequencer");
    }

    @Test
    void swappedReportsComeOutInSequenceAndNextOnesPassAtOnce() throws Exception {
        seq.offer(report(6));
        seq.offer(report(5));
        seq.offer(report(7));
        waitForSize(3);
        assertThat(out).containsExactly(5, 6, 7);
        seq.offer(report(8)); // next in sequence: no wait
        assertThat(out).containsExactly(5, 6, 7, 8);
        seq.offer(report(10)); // a gap: waits for 9, which comes late
        assertThat(out).hasSize(4);
        seq.offer(report(9));
        assertThat(out).containsExactly(5, 6, 7, 8, 9, 10);
    }

    @Test
    void aGapThatNeverFillsPassesAfterTheWindowAndWrapsAround() throws Exception {
        seq.offer(report(254));
        waitForSize(1);
        seq.offer(report(0)); // 255 is lost
        seq.offer(report(1));
        waitForSize(3);
        assertThat(out).containsExactly(254, 0, 1);
        seq.offer(report(null)); // no sequence number: passes as it comes
        assertThat(out).hasSize(4);
    }
}
