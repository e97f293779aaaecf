package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

class RegistrationsTest {
    private final List<String> unregistered = new ArrayList<>();

    private ServiceRegistration<Object> registration(String name) {
        return new ServiceRegistration<>() {
            @Override
            public ServiceReference<Object> getReference() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setProperties(Dictionary<String, ?> properties) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unregister() {
                unregistered.add(name);
            }
        };
    }

    @Test
    void unregistersWhatWasRegisteredInOrderAndSkipsTheRest() {
        Registrations.unregister(registration("backup"), null, registration("ledger"), registration("store"));

        assertThat(unregistered).containsExactly("backup", "ledger", "store");
    }

    @Test
    void nothingRegisteredIsNothingToDo() {
        Registrations.unregister(null, null);
        Registrations.unregister();

        assertThat(unregistered).isEmpty();
    }
}
