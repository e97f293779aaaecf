package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditVerification;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * The hub is UP (ready) once every gridhub bundle is ACTIVE (fragments excepted: they never are) and the services
 * that take data and record actions are open: the store (with its ledger and audit trail), the ingest routes and
 * governance, where their bundles are installed. The lists of bundles not yet active and of services not yet open
 * ({@code waitingFor}) tell an operator what it waits for; the hub is STARTING meanwhile. The hub is DEGRADED,
 * whatever its bundles, when its audit trail fails its check (control actions are then recorded on a chain that
 * cannot be trusted), when its store is down or fails, or when policy governance is down or its log broken;
 * {@code reason} says what is broken (null otherwise).
 */
record Health(
        String status,
        String version,
        int bundlesActive,
        int bundlesTotal,
        List<String> notActive,
        List<String> waitingFor,
        long samplesPublished,
        String reason) {
    static final String PREFIX = "io.gridhub.";

    static Health of(Bundle[] bundles, String version, long published) {
        return of(bundles, version, published, null);
    }

    /** {@code audit}: the audit trail's check, null when no trail is installed. */
    static Health of(Bundle[] bundles, String version, long published, AuditVerification audit) {
        return of(bundles, version, published, audit, List.of());
    }

    /**
     * {@code problems}: what else is down or broken (the store, governance), each a sentence; any makes the hub
     * DEGRADED, as a broken audit trail does.
     */
    static Health of(Bundle[] bundles, String version, long published, AuditVerification audit, List<String> problems) {
        return of(bundles, version, published, audit, problems, List.of());
    }

    /** {@code waitingFor}: the services not open yet (each a short phrase); any keeps the hub STARTING. */
    static Health of(
            Bundle[] bundles,
            String version,
            long published,
            AuditVerification audit,
            List<String> problems,
            List<String> waitingFor) {
        int total = 0;
        int active = 0;
        List<String> waiting = new ArrayList<>();
        for (Bundle b : bundles) {
            String name = b.getSymbolicName();
            if (name == null || !name.startsWith(PREFIX) || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            total++;
            if (b.getState() == Bundle.ACTIVE) {
                active++;
            } else {
                waiting.add(name + " " + stateName(b.getState()));
            }
        }
        List<String> reasons = new ArrayList<>();
        if (audit != null && !audit.intact()) {
            reasons.add("the audit trail is broken: " + audit.problem().orElseThrow());
        }
        reasons.addAll(problems);
        if (!reasons.isEmpty()) {
            return new Health(
                    "DEGRADED", version, active, total, waiting, waitingFor, published, String.join("; ", reasons));
        }
        boolean up = waiting.isEmpty() && waitingFor.isEmpty() && total > 0;
        return new Health(up ? "UP" : "STARTING", version, active, total, waiting, waitingFor, published, null);
    }

    boolean up() {
        return "UP".equals(status);
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "ACTIVE";
        };
    }
}
