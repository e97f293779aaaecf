package io.gridhub.core.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every configuration change (an edited {@code .cfg} in {@code etc/}, the Karaf console, REST) in the audit
 * trail: the PID, what happened, the keys and a SHA-256 of the properties (values are not written: a configuration
 * may hold secrets). Changes before the trail runs (the first seconds of a start) are logged only.
 */
@Component(service = ConfigurationListener.class)
public final class ConfigurationAudit implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationAudit.class);
    private final ConfigurationAdmin admin;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;

    @Activate
    public ConfigurationAudit(@Reference ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** With a given trail (tests). */
    ConfigurationAudit(ConfigurationAdmin admin, AuditTrail audit) {
        this.admin = admin;
        this.audit = audit;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String action = switch (event.getType()) {
            case ConfigurationEvent.CM_UPDATED -> "configuration.update";
            case ConfigurationEvent.CM_DELETED -> "configuration.delete";
            default -> "configuration.location";
        };
        String pid = event.getPid();
        String detail = event.getType() == ConfigurationEvent.CM_DELETED ? "deleted" : describe(pid);
        if (event.getFactoryPid() != null) {
            detail = "factory " + event.getFactoryPid() + "; " + detail;
        }
        AuditTrail trail = audit;
        if (trail == null) {
            LOG.info("{} {} ({}) before the audit trail runs: not recorded there", action, pid, detail);
            return;
        }
        try {
            trail.append("config-admin", "config", action, pid, "applied", detail);
        } catch (AuditException e) {
            LOG.warn("{} {} could not be recorded in the audit trail: {}", action, pid, e.getMessage());
        }
    }

    /** The keys and a digest of the properties, without their values. */
    private String describe(String pid) {
        try {
            Configuration c = admin.getConfiguration(pid, null);
            Dictionary<String, Object> props = c.getProperties();
            if (props == null) {
                return "no properties";
            }
            TreeMap<String, String> sorted = new TreeMap<>();
            for (String k : Collections.list(props.keys())) {
                Object v = props.get(k);
                sorted.put(k, v instanceof Object[] a ? List.of(a).toString() : String.valueOf(v));
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(sorted.toString().getBytes(StandardCharsets.UTF_8));
            return "keys " + sorted.keySet() + "; sha256 " + HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "properties unreadable: " + e.getMessage();
        }
    }
}
