package io.gridhub.kafka.internal;

import java.util.List;

/** The three topics between hubs. */
record Topics(String samples, String events, String plans) {
    List<String> all() {
        return List.of(samples, events, plans);
    }
}
