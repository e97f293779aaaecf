package io.gridhub.api.anomaly;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyRole;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An anomaly-detection strategy, hot-swappable like the others: register it under this interface and {@link
 * Strategy}. The hub's anomaly runner gives it a window of telemetry, live or from stored history, and files what it
 * finds in the {@link AnomalyQueue}.
 */
@ConsumerType
public interface AnomalyDetector extends Strategy {
    List<Finding> detect(DetectionWindow window);

    @Override
    default StrategyRole role() {
        return StrategyRole.ANOMALY;
    }
}
