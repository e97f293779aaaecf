package io.gridhub.shell.internal;

import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.loop.OperatingLoop;
import io.gridhub.api.loop.PlanStatus;
import io.gridhub.api.model.Plan;
import java.util.Locale;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:plans [community]}: the latest plan of each community, and where it stands. */
@Command(
        scope = "gridhub",
        name = "plans",
        description = "Lists the latest plan of each community: strategy, cost, savings, approval")
@Service
public class PlansCommand extends TableCommand {
    @Reference
    OperatingLoop loop;

    @Reference
    PlanStore plans;

    @Argument(name = "community", description = "only this community")
    @Completion(CommunityCompleter.class)
    String community;

    @Override
    Table table() {
        Table t = new Table(
                "Community",
                "Plan",
                "Strategy",
                "Issued",
                "Start",
                "Steps",
                "Cost EUR",
                "Savings EUR",
                "Mode",
                "Approval",
                "Summary");
        for (String c : loop.communities()) {
            if (community != null && !community.equals(c)) {
                continue;
            }
            Optional<Plan> latest = plans.latest(c);
            if (latest.isEmpty()) {
                t.row(c, "", "", null, null, "", "", "", loop.authority(c).mode(), "", "no plan yet");
                continue;
            }
            Plan p = latest.get();
            Optional<PlanStatus> s = loop.status(p.id());
            t.row(
                    c,
                    p.id(),
                    p.strategy(),
                    p.issueTime(),
                    p.start(),
                    p.steps(),
                    euros(p.explanation().costEur()),
                    euros(p.explanation().savingsEur()),
                    s.map(PlanStatus::mode).map(Object::toString).orElse(""),
                    s.map(PlanStatus::approval).map(Object::toString).orElse(""),
                    p.explanation().summary());
        }
        return t;
    }

    private static String euros(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
