package io.gridhub.testkit;

import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyState;
import io.gridhub.api.strategy.StrategyTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A strategy registry in memory for the services that use strategies: the test says which strategy is active and
 * which in shadow per role; promotion is immediate (nothing is governed), a rollback returns to the version active
 * before, and every quarantine is recorded with its reason ({@link #quarantined()}). Thread-safe.
 */
public class FakeStrategies implements StrategyRegistry {
    private final Map<StrategyRole, Strategy> active = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> shadow = new EnumMap<>(StrategyRole.class);
    private final Map<StrategyRole, Strategy> previous = new EnumMap<>(StrategyRole.class);
    private final Set<Strategy> deployed = new LinkedHashSet<>();
    private final Map<Strategy, String> quarantined = new LinkedHashMap<>();
    private final Set<StrategyRole> governed = EnumSet.noneOf(StrategyRole.class);
    private long proposals;

    /** Makes {@code s} the active strategy of its role; the one it replaces is what a rollback returns to. */
    public synchronized FakeStrategies activate(Strategy s) {
        deployed.add(s);
        Strategy old = active.put(s.role(), s);
        if (old != null && old != s) {
            previous.put(s.role(), old);
        }
        if (shadow.get(s.role()) == s) {
            shadow.remove(s.role());
        }
        return this;
    }

    /** Puts {@code s} in shadow for its role. */
    public synchronized FakeStrategies shadow(Strategy s) {
        deployed.add(s);
        shadow.put(s.role(), s);
        return this;
    }

    /** Every quarantine so far: {@code "name version: why"}, in order. */
    public synchronized List<String> quarantined() {
        List<String> list = new ArrayList<>();
        quarantined.forEach((s, why) -> list.add(s.name() + " " + s.version() + ": " + why));
        return list;
    }

    @Override
    public synchronized <T extends Strategy> Optional<T> active(StrategyRole role, Class<T> type) {
        Strategy s = active.get(role);
        return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
    }

    @Override
    public synchronized <T extends Strategy> Optional<T> shadow(StrategyRole role, Class<T> type) {
        Strategy s = shadow.get(role);
        return type.isInstance(s) ? Optional.of(type.cast(s)) : Optional.empty();
    }

    /** Makes promotions of {@code role} wait for approval: they answer pending with a new proposal number. */
    public synchronized FakeStrategies govern(StrategyRole role) {
        governed.add(role);
        return this;
    }

    @Override
    public synchronized boolean governed(StrategyRole role) {
        return governed.contains(role);
    }

    @Override
    public synchronized List<StrategyInfo> strategies() {
        List<StrategyInfo> list = new ArrayList<>();
        for (Strategy s : deployed) {
            list.add(info(s));
        }
        return list;
    }

    private StrategyInfo info(Strategy s) {
        StrategyState state = active.get(s.role()) == s
                ? StrategyState.ACTIVE
                : shadow.get(s.role()) == s
                        ? StrategyState.SHADOW
                        : quarantined.containsKey(s) ? StrategyState.QUARANTINED : StrategyState.CANDIDATE;
        return new StrategyInfo(
                s.role(),
                s.name(),
                s.version(),
                "",
                state == StrategyState.ACTIVE,
                Instant.EPOCH,
                state,
                null,
                quarantined.get(s));
    }

    @Override
    public synchronized StrategyTransition shadow(StrategyRole role, String name, String version, String actor)
            throws StrategyException {
        Strategy s = find(role, name, version);
        shadow(s);
        return new StrategyTransition(info(s), false, 0, "in shadow");
    }

    @Override
    public synchronized StrategyTransition promote(StrategyRole role, String name, String version, String actor)
            throws StrategyException {
        Strategy s = find(role, name, version);
        if (governed.contains(role)) {
            return new StrategyTransition(info(s), true, ++proposals, "waits for approval");
        }
        activate(s);
        return new StrategyTransition(info(s), false, 0, "active");
    }

    @Override
    public synchronized StrategyTransition rollback(StrategyRole role, String actor) throws StrategyException {
        Strategy back = previous.remove(role);
        if (back == null) {
            throw new StrategyException(StrategyException.Kind.NOT_FOUND, "nothing to roll back to");
        }
        active.put(role, back);
        return new StrategyTransition(info(back), false, 0, "rolled back");
    }

    @Override
    public synchronized void quarantine(Strategy strategy, String why) {
        deployed.add(strategy);
        quarantined.put(strategy, why);
        StrategyRole role = strategy.role();
        if (active.get(role) == strategy) {
            Strategy back = previous.remove(role);
            if (back == null) {
                active.remove(role);
            } else {
                active.put(role, back);
            }
        }
        if (shadow.get(role) == strategy) {
            shadow.remove(role);
        }
    }

    private Strategy find(StrategyRole role, String name, String version) throws StrategyException {
        return deployed.stream()
                .filter(s ->
                        s.role() == role && s.name().equals(name) && s.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new StrategyException(
                        StrategyException.Kind.NOT_FOUND, role + " " + name + " " + version + " is not deployed"));
    }
}
