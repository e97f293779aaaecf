package io.gridhub.store.derby.internal;

import org.osgi.framework.ServiceRegistration;

/** The services a store offered, withdrawn at its stop: for both stores (the PostgreSQL store embeds this class). */
public final class Registrations {
    private Registrations() {}

    /** Unregisters each registration that was made ({@code null}: that service was never offered), in order. */
    public static void unregister(ServiceRegistration<?>... registrations) {
        for (ServiceRegistration<?> r : registrations) {
            if (r != null) {
                r.unregister();
            }
        }
    }
}
