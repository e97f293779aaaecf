package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.Report;
import io.gridhub.api.driver.DeviceScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts one control block's reports back in sequence-number order. openiec61850 hands each report to a new
 * thread, so two reports that arrive a millisecond apart can reach the listener swapped; for a buffered report
 * that would also make the last entry id an older one. A report that is next in sequence passes at once; one
 * after a gap (or the first of a connection) waits up to the window for the missing ones, then everything
 * waiting passes in order.
 */
final class ReportSequencer {
    /** SqNum is INT8U for unbuffered and INT16U for buffered reports: compare modulo the larger. */
    private static final int MODULUS = 65536;

    private final Duration window;
    private final DeviceScheduler timer;
    private final Consumer<Report> sink;
    private final List<Report> pending = new ArrayList<>();
    private Integer last;

    ReportSequencer(Duration window, DeviceScheduler timer, Consumer<Report> sink) {
        this.window = window;
        this.timer = timer;
        this.sink = sink;
    }

    synchronized void offer(Report r) {
        Integer sq = r.getSqNum();
        if (sq == null) {
            sink.accept(r);
            return;
        }
        pending.add(r);
        drainInSequence();
        if (!pending.isEmpty()) {
            timer.schedule(this::flush, window);
        }
    }

    private boolean isNext(int sq) {
        return last != null && (sq == (last + 1) % MODULUS || last == 255 && sq == 0);
    }

    private void drainInSequence() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int i = 0; i < pending.size(); i++) {
                Report r = pending.get(i);
                if (isNext(r.getSqNum())) {
                    pending.remove(i);
                    deliver(r);
                    moved = true;
                    break;
                }
            }
        }
    }

    /** The window has passed: whatever waits goes out in order (the gap is not coming). */
    private synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        int base = last == null ? lowest() : (last + 1) % MODULUS;
        pending.sort((a, b) -> Integer.compare(
                Math.floorMod(a.getSqNum() - base, MODULUS), Math.floorMod(b.getSqNum() - base, MODULUS)));
        List<Report> out = new ArrayList<>(pending);
        pending.clear();
        out.forEach(this::deliver);
    }

    private int lowest() {
        int min = Integer.MAX_VALUE;
        for (Report r : pending) {
            min = Math.min(min, r.getSqNum());
        }
        return min;
    }

    private void deliver(Report r) {
        last = r.getSqNum();
        sink.accept(r);
    }
}
