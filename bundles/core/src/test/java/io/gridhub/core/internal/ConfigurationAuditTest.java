package io.gridhub.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.audit.AuditRecord;
import io.gridhub.testkit.RecordingAuditTrail;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

class ConfigurationAuditTest {
    final RecordingAuditTrail trail = new RecordingAuditTrail();
    final List<AuditRecord> records = trail.records;

    /** Config Admin with one configuration holding a secret. */
    static ConfigurationAdmin admin() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("defaultMode", "supervised");
        props.put("password", "hunter2");
        Configuration c = (Configuration) Proxy.newProxyInstance(
                Configuration.class.getClassLoader(),
                new Class<?>[] {Configuration.class},
                (p, m, a) -> m.getName().equals("getProperties") ? props : null);
        return (ConfigurationAdmin) Proxy.newProxyInstance(
                ConfigurationAdmin.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class},
                (p, m, a) -> m.getName().equals("getConfiguration") ? c : null);
    }

    @SuppressWarnings("unchecked")
    static final ServiceReference<ConfigurationAdmin> REF =
            (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                    ConfigurationAuditTest.class.getClassLoader(),
                    new Class<?>[] {ServiceReference.class},
                    (p, m, a) -> null);

    @Test
    void aChangedConfigurationIsAuditedWithItsKeysAndADigestNotItsValues() {
        ConfigurationAudit audit = new ConfigurationAudit(admin(), trail);
        audit.configurationEvent(new ConfigurationEvent(REF, ConfigurationEvent.CM_UPDATED, null, "io.gridhub.loop"));
        audit.configurationEvent(new ConfigurationEvent(
                REF, ConfigurationEvent.CM_DELETED, "io.gridhub.driver.x", "io.gridhub.driver.x.device-a"));
        assertThat(records).hasSize(2);
        AuditRecord updated = records.get(0);
        assertThat(updated.channel()).isEqualTo("config");
        assertThat(updated.action()).isEqualTo("configuration.update");
        assertThat(updated.subject()).isEqualTo("io.gridhub.loop");
        assertThat(updated.detail())
                .contains("keys [defaultMode, password]", "sha256 ")
                .doesNotContain("hunter2", "supervised");
        assertThat(records.get(1).action()).isEqualTo("configuration.delete");
        assertThat(records.get(1).detail()).contains("factory io.gridhub.driver.x");
    }
}
