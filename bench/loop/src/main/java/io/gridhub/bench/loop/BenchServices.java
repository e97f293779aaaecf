package io.gridhub.bench.loop;

import io.gridhub.api.dispatch.Dispatcher;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.forecast.LatestForecasts;
import io.gridhub.api.forecast.PublishedForecast;
import io.gridhub.api.governance.Actor;
import io.gridhub.api.governance.AuditEntry;
import io.gridhub.api.governance.GovernanceException;
import io.gridhub.api.governance.PolicyGovernance;
import io.gridhub.api.governance.PolicyProposal;
import io.gridhub.api.governance.ProposalState;
import io.gridhub.api.loop.ControlAuthority;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.core.internal.driver.DriverHost;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The few hub services the benchmark stands in for; everything on the measured path is the real class. */
final class BenchServices {
    private BenchServices() {}

    /** The strategy registry's answer: one active forecaster (swappable, for the refit cycle), one dispatcher. */
    static final class Registry implements StrategyRegistry {
        volatile Forecaster forecaster;
        final Dispatcher dispatcher;

        Registry(Forecaster forecaster, Dispatcher dispatcher) {
            this.forecaster = forecaster;
            this.dispatcher = dispatcher;
        }

        @Override
        public <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type) {
            Strategy s = role == StrategyRole.FORECAST ? forecaster : role == StrategyRole.DISPATCH ? dispatcher : null;
            return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
        }

        @Override
        public List<StrategyInfo> strategies() {
            return List.of();
        }
    }

    /** The driver host as the hub offers it (what DriverHostComponent adds to DriverHost for the loop). */
    record HostWriter(DriverHost host) implements PointWriter {
        @Override
        public CompletableFuture<Quality> write(PointId point, double value) {
            try {
                return host.write(point, value);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(
                        Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, e.getMessage()));
            }
        }

        @Override
        public boolean writable(PointId point) {
            return host.maps(point);
        }
    }

    /** The forecast runner's published community forecasts (made once at set-up, as the runner does on its own). */
    record Published(List<PublishedForecast> latest) implements LatestForecasts {}

    /** Governance with one approved control-authority policy: the community is autonomous. */
    static final class Autonomous implements PolicyGovernance {
        private final PolicyProposal policy;

        Autonomous(String community, Instant since) {
            String id = ControlAuthority.policyId(community);
            policy = new PolicyProposal(
                    1,
                    id,
                    1,
                    "{\"id\": \"" + id + "\", \"version\": 1, \"mode\": \"autonomous\"}",
                    "",
                    "bench",
                    since,
                    since,
                    ProposalState.APPROVED,
                    "bench-lead",
                    since,
                    "");
        }

        @Override
        public PolicyProposal propose(String policyJson, Instant effectiveFrom, Actor proposer)
                throws GovernanceException {
            throw new GovernanceException(
                    GovernanceException.Reason.INVALID, "the benchmark's governance takes no proposals");
        }

        @Override
        public PolicyProposal approve(long proposalId, Actor approver) throws GovernanceException {
            throw new GovernanceException(
                    GovernanceException.Reason.INVALID, "the benchmark's governance takes no decisions");
        }

        @Override
        public PolicyProposal reject(long proposalId, Actor approver, String reason) throws GovernanceException {
            throw new GovernanceException(
                    GovernanceException.Reason.INVALID, "the benchmark's governance takes no decisions");
        }

        @Override
        public List<PolicyProposal> proposals() {
            return List.of(policy);
        }

        @Override
        public Optional<PolicyProposal> proposal(long proposalId) {
            return proposalId == policy.id() ? Optional.of(policy) : Optional.empty();
        }

        @Override
        public Optional<PolicyProposal> inForce(String policyId, Instant at) {
            return policyId.equals(policy.policyId()) ? Optional.of(policy) : Optional.empty();
        }

        @Override
        public Optional<PolicyProposal> approved(String policyId, int version) {
            return inForce(policyId, Instant.now()).filter(p -> p.version() == version);
        }

        @Override
        public List<AuditEntry> audit() {
            return List.of();
        }

        @Override
        public Optional<String> verifyAudit() {
            return Optional.empty();
        }
    }
}
