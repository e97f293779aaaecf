package io.gridhub.web.internal;

import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.drill.DrillService;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.ev.ChargingStations;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementService;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.strategy.StrategyRegistry;
import java.time.Clock;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;

/**
 * The hub's services as the resources see them: the ones the API needs always, and the optional ones (features
 * that may be absent, or come and go) through {@code optional}, each with the 503 answer that says what to install
 * while it is absent. {@code clock} is the hub's time (the default ranges of data queries).
 */
record Services(
        BundleContext context,
        SampleBus bus,
        LatestValues latest,
        PointRegistry points,
        TopologyProvider topology,
        StrategyRegistry strategies,
        DeviceRegistry devices,
        ApiTokens tokens,
        Clock clock,
        Supplier<Present> optional) {
    /** The optional services as they are now; any may be null. */
    record Present(
            SettlementService settlement,
            SettlementLedger ledger,
            TimeSeriesStore store,
            Quarantine quarantine,
            LatestForecasts forecasts,
            PolicyGovernance governance,
            PlanStore plans,
            OperatingLoop loop,
            HubEvents events,
            AuditTrail audit,
            ChargingStations ev,
            AnomalyQueue anomalies,
            DrillService drills) {
        static final Present NONE =
                new Present(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The optional services now (a consistent view for one request). */
    Present now() {
        return optional.get();
    }

    SettlementService settlement() {
        return required(
                now().settlement(),
                "the settlement service is not running: it needs the feature "
                        + "gridhub-allocation, the store's settlement ledger and the policy governance (a broken "
                        + "governance audit log stops it; see data/log/karaf.log)");
    }

    SettlementLedger ledger() {
        return required(now().ledger(), "no settlement ledger is installed (feature gridhub-allocation)");
    }

    TimeSeriesStore store() {
        return required(now().store(), "no time-series store is running");
    }

    Quarantine quarantine() {
        return required(now().quarantine(), "no ingest pipeline is running");
    }

    LatestForecasts forecasts() {
        return required(
                now().forecasts(),
                "no forecast runner is running: it needs the feature gridhub-forecast and "
                        + "the configuration io.gridhub.forecast.runner (see bundles/forecast-runner/README.md)");
    }

    PolicyGovernance governance() {
        return required(now().governance(), "policy governance is not installed (feature gridhub-allocation)");
    }

    OperatingLoop loop() {
        return required(
                now().loop(), "the operating loop is not running (bundle io.gridhub.loop, feature gridhub-dispatch)");
    }

    HubEvents events() {
        return required(now().events(), "no event log is running (feature gridhub-store)");
    }

    AuditTrail audit() {
        return required(now().audit(), "no audit trail is running (feature gridhub-store)");
    }

    ChargingStations ev() {
        return required(now().ev(), "no OCPP central system is running (feature gridhub-driver-ocpp)");
    }

    AnomalyQueue anomalies() {
        return required(now().anomalies(), "no anomaly triage queue is running (bundle io.gridhub.core)");
    }

    DrillService drills() {
        return required(
                now().drills(),
                "no drill service is running: it needs the feature gridhub-drill and the operating loop "
                        + "(feature gridhub-dispatch)");
    }

    /** An optional service, or 503 saying what to install while it is absent. */
    private static <T> T required(T service, String absent) {
        if (service == null) {
            throw new ApiException(503, absent);
        }
        return service;
    }
}
