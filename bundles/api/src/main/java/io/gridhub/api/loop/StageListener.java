package io.gridhub.api.loop;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every run of every stage of the operating loop as it ends (a whiteboard: register a service), where
 * {@link OperatingLoop#stages} keeps only each stage's last run. Called on the loop's own threads, in the order of
 * the runs: return quickly; what a listener throws is logged and the loop carries on.
 */
@ConsumerType
public interface StageListener {
    void stageRan(String community, StageRun run);
}
