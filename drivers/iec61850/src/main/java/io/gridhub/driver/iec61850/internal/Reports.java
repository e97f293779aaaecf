package io.gridhub.driver.iec61850.internal;

import com.beanit.openiec61850.BdaReasonForInclusion;
import com.beanit.openiec61850.Brcb;
import com.beanit.openiec61850.ClientAssociation;
import com.beanit.openiec61850.DataSet;
import com.beanit.openiec61850.FcModelNode;
import com.beanit.openiec61850.ModelNode;
import com.beanit.openiec61850.Rcb;
import com.beanit.openiec61850.Report;
import com.beanit.openiec61850.ServerModel;
import com.beanit.openiec61850.ServiceError;
import com.beanit.openiec61850.Urcb;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Subscribable.Listener;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.iec61850.Iec61850Address;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured report control blocks of one connection: reserved and enabled (buffered ones resumed from the last
 * entry id received, also across a restart of the hub: {@link ReportPositions}), their reports put back in sequence,
 * the last reported value of each data set member kept for reads, and subscribers told: the values, then the entry
 * id as the device's resume point. A block that refuses the entry id is enabled afresh and its channels are told as
 * a gap from that entry on.
 */
final class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);
    /** How long a report after a sequence gap waits for the missing ones (see {@link ReportSequencer}). */
    private static final Duration REORDER_WINDOW = Duration.ofMillis(150);

    /** An enabled report control block and the data set members it reports. */
    private record Active(
            String reference, Rcb rcb, boolean buffered, List<FcModelNode> members, ReportSequencer sequencer) {}

    private record Sub(List<Iec61850Address> channels, Listener<Iec61850Address> listener) {}

    /**
     * One processed report as subscribers hear it: the data set members' values ({@code reference[FC]} → its reported
     * copy), and for a buffered one the resume point after it (key and value; null when none).
     */
    private record Told(Map<String, FcModelNode> values, String resumeKey, String resumeValue) {}

    private final IedLink link;
    private final ReportPositions positions;
    private final String device;
    private final Map<String, Active> activeByRptId = new ConcurrentHashMap<>();
    /** The last reported value of each data set member, by {@code reference[FC]}. */
    private final Map<String, FcModelNode> reported = new ConcurrentHashMap<>();

    private final Map<String, String> problems = new ConcurrentHashMap<>();
    /** Buffered blocks that refused to resume from the entry id written (enabled afresh), and where they stood. */
    private final Map<String, ReportPositions.Position> refusedResume = new ConcurrentHashMap<>();

    private final Map<String, Integer> reasonCounts = new ConcurrentHashMap<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    /**
     * The values of each report processed before the first subscription (a GI, the entries a buffered block resends
     * after enabling, which come while the connection opens), handed to the first subscriber in order; null once
     * handed over. Changed under {@code earlyLock}.
     */
    private volatile List<Told> early = new ArrayList<>();

    private final Object earlyLock = new Object();
    /** Reports kept for the first subscriber at most. */
    private static final int MAX_EARLY = 10_000;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();

    Reports(IedLink link, ReportPositions positions) {
        this.link = link;
        this.positions = positions;
        this.device = link.context().deviceName();
    }

    /** Enables every configured report; one the IED refuses is polled instead (the reason stays in problems). */
    void enableAll() throws ConnectionException, IOException {
        ServerModel model = link.model();
        for (String ref : link.config().reports()) {
            Rcb rcb = model.getBrcb(ref);
            boolean buffered = rcb != null;
            if (rcb == null) {
                rcb = model.getUrcb(ref);
            }
            if (rcb == null) {
                List<String> known = new ArrayList<>();
                model.getBrcbs().forEach(b -> known.add(b.getReference().toString()));
                model.getUrcbs().forEach(u -> known.add(u.getReference().toString()));
                throw ConnectionException.configuration(
                        "report control block '" + ref + "' is not in the IED's " + "model (it has: "
                                + String.join(", ", known) + ")",
                        null);
            }
            try {
                enable(ref, rcb, buffered);
            } catch (ServiceError e) {
                // The data of this report is polled instead; the reason stays visible in browse and logs.
                problems.put(ref, e.getMessage());
                LOG.debug("{}: report {} not enabled, polling its data instead: {}", device, ref, e.getMessage());
            }
        }
    }

    private void enable(String ref, Rcb rcb, boolean buffered) throws ServiceError, IOException {
        ClientAssociation association = link.association();
        Iec61850Connection.Config config = link.config();
        if (rcb instanceof Urcb u) {
            association.reserveUrcb(u);
        } else if (config.reservationSeconds() > 0 && ((Brcb) rcb).getResvTms() != null) {
            try {
                association.reserveBrcb((Brcb) rcb, (short) config.reservationSeconds());
            } catch (ServiceError e) {
                // Edition 1 servers have no ResvTms: enabling reserves the block for this association anyway.
                LOG.debug("{}: {} has no ResvTms: {}", device, ref, e.getMessage());
            }
        }
        association.getRcbValues(rcb);
        if (rcb.getRptEna().getValue()) {
            // Still enabled for us after a lost connection: entry id and options can only change while disabled.
            association.disableReporting(rcb);
        }
        if (buffered) {
            Optional<ReportPositions.Position> from = positions.get(link.context(), ref);
            if (from.isPresent()) {
                ((Brcb) rcb).getEntryId().setValue(from.get().entryId());
                List<ServiceError> errors =
                        association.setRcbValues(rcb, false, false, false, false, false, false, false, true);
                if (errors.stream().anyMatch(Objects::nonNull)) {
                    // The entry is no longer in the server's buffer (it overflowed, or the IED restarted): enabled
                    // afresh, the block sends what its buffer has; what it lost is a gap (told on subscribe).
                    refusedResume.put(ref, from.get());
                    positions.forget(device, ref);
                    LOG.debug("{}: {} refused entry id {}: {}", device, ref, from.get(), errors);
                }
            }
        }
        if (config.integrityPeriodMillis() > 0) {
            rcb.getIntgPd().setValue(config.integrityPeriodMillis());
            rcb.getTrgOps().setIntegrity(true);
            association.setRcbValues(rcb, false, false, false, false, true, true, false, false);
        }
        String datSet = rcb.getDatSet().getStringValue().replace('$', '.');
        DataSet ds = link.model().getDataSet(datSet);
        List<FcModelNode> members = ds == null ? List.of() : ds.getMembers();
        Active active = new Active(
                ref,
                rcb,
                buffered,
                members,
                new ReportSequencer(REORDER_WINDOW, link.context().scheduler(), r -> process(ref, buffered, r)));
        activeByRptId.put(rcb.getRptId().getStringValue(), active);
        activeByRptId.put(ref, active);
        association.enableReporting(rcb);
        if (config.reportGi()) {
            association.startGi(rcb);
        }
    }

    /** The enabled control blocks, for the log. */
    List<String> enabled() {
        return List.copyOf(activeByRptId.keySet());
    }

    /** A report as the library hands it over (each on a thread of its own): into its block's sequencer. */
    void offer(Report report) {
        Active act = activeByRptId.get(report.getRptId());
        if (act == null) {
            LOG.trace("{}: report {} of no enabled control block", device, report.getRptId());
            return;
        }
        act.sequencer().offer(report);
    }

    /** One report, in sequence: its values become the latest, its entry id the resume point, subscribers hear. */
    private void process(String ref, boolean buffered, Report report) {
        if (link.isClosed()) {
            return;
        }
        received.incrementAndGet();
        List<FcModelNode> values = report.getValues();
        List<BdaReasonForInclusion> reasons = report.getReasonCodes();
        Map<String, FcModelNode> changed = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            FcModelNode v = values.get(i);
            String key = v.getReference() + "[" + v.getFc() + "]";
            FcModelNode copy = (FcModelNode) v.copy();
            reported.put(key, copy);
            changed.put(key, copy);
            if (reasons != null && i < reasons.size() && reasons.get(i) != null) {
                count(reasons.get(i));
            }
        }
        String resumeKey = null;
        String resumeValue = null;
        if (buffered && report.getEntryId() != null) {
            entries.incrementAndGet();
            Optional<ReportPositions.Position> p = positions.put(
                    device,
                    ref,
                    report.getEntryId().getValue(),
                    link.context().clock().instant());
            if (p.isPresent()) {
                resumeKey = ReportPositions.key(ref);
                resumeValue = p.get().encode();
            }
        }
        Told told = new Told(changed, resumeKey, resumeValue);
        if (early != null) {
            synchronized (earlyLock) {
                if (early != null) {
                    if (early.size() < MAX_EARLY) {
                        early.add(told);
                    }
                    return;
                }
            }
        }
        for (Sub s : subs) {
            tell(s, told);
        }
    }

    /** Tells a subscriber one report: its values, then the resume point after it (so the hub keeps it after them). */
    private void tell(Sub s, Told told) {
        tellValues(s, told.values());
        if (told.resumeKey() != null) {
            try {
                s.listener().onResumePoint(told.resumeKey(), told.resumeValue());
            } catch (RuntimeException ex) {
                LOG.debug("{}: subscriber failed", device, ex);
            }
        }
    }

    /** Tells a subscriber the values of one report (data set member {@code reference[FC]} → its reported copy). */
    private void tellValues(Sub s, Map<String, FcModelNode> values) {
        for (Iec61850Address a : s.channels()) {
            for (Map.Entry<String, FcModelNode> e : values.entrySet()) {
                if (covers(e.getKey(), a)) {
                    ModelNode n = descend(e.getValue(), a);
                    if (n != null) {
                        try {
                            s.listener().onReading(a, Values.reading(n));
                        } catch (RuntimeException ex) {
                            LOG.debug("{}: subscriber failed", device, ex);
                        }
                    }
                    break;
                }
            }
        }
    }

    /** The node of a channel inside a data set member's value (the member itself or one of its children). */
    private static ModelNode descend(FcModelNode member, Iec61850Address a) {
        String rest = a.reference().substring(member.getReference().toString().length());
        ModelNode n = member;
        for (String part : rest.isEmpty() ? new String[0] : rest.substring(1).split("\\.")) {
            if (n == null) {
                return null;
            }
            n = n.getChild(part);
        }
        return n;
    }

    /** The reasons for inclusion counted, by the name they are counted under. */
    private static final Map<String, Predicate<BdaReasonForInclusion>> REASONS = reasons();

    private static Map<String, Predicate<BdaReasonForInclusion>> reasons() {
        Map<String, Predicate<BdaReasonForInclusion>> m = new LinkedHashMap<>();
        m.put("dchg", BdaReasonForInclusion::isDataChange);
        m.put("qchg", BdaReasonForInclusion::isQualityChange);
        m.put("dupd", BdaReasonForInclusion::isDataUpdate);
        m.put("integrity", BdaReasonForInclusion::isIntegrity);
        m.put("gi", BdaReasonForInclusion::isGeneralInterrogation);
        m.put("application", BdaReasonForInclusion::isApplicationTrigger);
        return m;
    }

    private void count(BdaReasonForInclusion r) {
        REASONS.forEach((name, set) -> {
            if (set.test(r)) {
                reasonCounts.merge(name, 1, Integer::sum);
            }
        });
    }

    /** The node of a channel in the last report that carried it; null when no enabled report covers it yet. */
    ModelNode latest(Iec61850Address a) {
        FcModelNode member = member(a);
        if (member == null) {
            return null;
        }
        FcModelNode snap = reported.get(member.getReference() + "[" + a.fc() + "]");
        return snap == null ? null : descend(snap, a);
    }

    /** The data set member of an enabled report that holds the channel; null when none does. */
    private FcModelNode member(Iec61850Address a) {
        for (Active act : activeByRptId.values()) {
            FcModelNode m = memberOf(act, a);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** The member of one enabled report's data set that holds the channel; null when none does. */
    private static FcModelNode memberOf(Active act, Iec61850Address a) {
        for (FcModelNode m : act.members()) {
            String ref = m.getReference().toString();
            if (m.getFc().toString().equals(a.fc())
                    && (a.reference().equals(ref) || a.reference().startsWith(ref + "."))) {
                return m;
            }
        }
        return null;
    }

    /**
     * Tells the first subscriber what the blocks that refused their entry id could not give back: each of their
     * channels gets a gap mark (INVALID / COMMUNICATION_FAILURE) where its outage begins as the hub sees it
     * ({@code DeviceContext.backfillFrom}), else just after the last entry received; and the block's resume point is
     * forgotten (its reports from now on set it again).
     */
    private void tellRefusedResumes(Sub sub) {
        Map<String, Instant> outage = link.context().backfillFrom();
        refusedResume.forEach((ref, from) -> {
            Active act = activeByRptId.get(ref);
            Quality gap = Quality.invalid(
                    Quality.Reason.COMMUNICATION_FAILURE,
                    "gap: the IED refused to resume buffered report " + ref + " from entry " + from
                            + " (no longer in its buffer: it overflowed or the IED restarted); what it buffered from"
                            + " then on may be lost");
            try {
                for (Iec61850Address a : sub.channels()) {
                    if (act != null && memberOf(act, a) != null) {
                        Instant at = outage.getOrDefault(a.toString(), from.at().plusMillis(1));
                        sub.listener().onReading(a, new Reading(Double.NaN, gap, at));
                    }
                }
                sub.listener().onResumePoint(ReportPositions.key(ref), "");
            } catch (RuntimeException ex) {
                LOG.debug("{}: subscriber failed", device, ex);
            }
        });
        refusedResume.clear();
    }

    /** Whether a data set member ({@code reference[FC]}) holds the channel. */
    private static boolean covers(String memberKey, Iec61850Address a) {
        String suffix = "[" + a.fc() + "]";
        if (!memberKey.endsWith(suffix)) {
            return false;
        }
        String ref = memberKey.substring(0, memberKey.length() - suffix.length());
        return a.reference().equals(ref) || a.reference().startsWith(ref + ".");
    }

    AutoCloseable subscribe(List<Iec61850Address> channels, Listener<Iec61850Address> listener) {
        List<Iec61850Address> pushed = new ArrayList<>();
        for (Iec61850Address a : channels) {
            if (member(a) != null) {
                pushed.add(a);
            } else {
                listener.onReading(
                        a,
                        Reading.failed(Quality.invalid(
                                Quality.Reason.CONFIGURATION_ERROR,
                                a + " is in no data set of an enabled report (setting 'reports'); poll it instead")));
            }
        }
        // What reports brought since the connection opened (the first subscriber only), then what they bring.
        Sub sub = new Sub(List.copyOf(pushed), listener);
        synchronized (earlyLock) {
            subs.add(sub);
            List<Told> before = early;
            early = null;
            if (before != null) {
                tellRefusedResumes(sub);
                before.forEach(told -> tell(sub, told));
            }
        }
        return () -> subs.remove(sub);
    }

    long received() {
        return received.get();
    }

    long bufferedEntries() {
        return entries.get();
    }

    Map<String, Integer> reasonCounts() {
        return Map.copyOf(reasonCounts);
    }

    Map<String, String> problems() {
        return Map.copyOf(problems);
    }
}
