package io.gridhub.anomaly.detect.internal;

import java.util.ArrayList;
import java.util.List;

/** Runs of consecutive flagged indexes, {@code [first, last]} inclusive. */
record Runs(int first, int last) {
    int length() {
        return last - first + 1;
    }

    /** The runs of {@code flags}, two runs at most {@code bridge} unflagged indexes apart joined into one. */
    static List<Runs> of(boolean[] flags, int bridge) {
        List<Runs> runs = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (int i = 0; i < flags.length; i++) {
            if (!flags[i]) {
                continue;
            }
            if (start >= 0 && i - end - 1 <= bridge) {
                end = i;
            } else {
                if (start >= 0) {
                    runs.add(new Runs(start, end));
                }
                start = i;
                end = i;
            }
        }
        if (start >= 0) {
            runs.add(new Runs(start, end));
        }
        return runs;
    }
}
