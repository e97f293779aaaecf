package io.gridhub.api.event;

/** How urgent an event is: {@code INFO} for the record, {@code WARNING} needs a look, {@code ALARM} needs action. */
public enum Severity {
    INFO,
    WARNING,
    ALARM
}
