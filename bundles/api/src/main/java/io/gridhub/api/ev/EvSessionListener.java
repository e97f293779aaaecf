package io.gridhub.api.ev;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of EV sessions starting, ending or going offline (register it as a service; the central system calls every
 * one). Called on a thread of the central system's own, one event at a time; return quickly.
 */
@ConsumerType
public interface EvSessionListener {
    /** A StartTransaction was accepted: plan again, the new session wants its first profile. */
    void sessionStarted(EvSession session);

    /** A session changed state (offline, active again, ended) or the member changed its departure or energy. */
    default void sessionChanged(EvSession session) {}
}
