package io.gridhub.shell.internal;

import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyTransition;
import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * A step of the strategy lifecycle from the shell, made in the name of the shell user (the account Karaf
 * authenticated; its roles are checked by the command ACL before the command runs), audited by the registry as the
 * REST calls are. Prints what happened; a refused step prints why and fails the command.
 */
abstract class LifecycleCommand implements Action {
    @Reference
    StrategyRegistry strategies;

    @Override
    public Object execute() throws Exception {
        StrategyTransition t;
        try {
            t = step(strategies, user());
        } catch (StrategyException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        System.out.println(t.detail());
        if (t.pending()) {
            System.out.println("waits for a governance lead: proposal " + t.proposalId()
                    + " (console: Approvals; REST: POST /api/v1/governance/proposals/" + t.proposalId() + "/approve)");
        }
        return null;
    }

    abstract StrategyTransition step(StrategyRegistry registry, String actor) throws StrategyException;

    /** The role named on the command line. */
    static StrategyRole role(String name) {
        return StrategyRole.parse(name);
    }

    /** The shell user: the user principal of the session's subject (Karaf's JAAS login). */
    @SuppressWarnings("removal")
    static String user() {
        Subject s = Subject.getSubject(AccessController.getContext());
        if (s != null) {
            for (Principal p : s.getPrincipals()) {
                if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                    return "shell:" + p.getName();
                }
            }
        }
        return "shell:" + System.getProperty("user.name", "console");
    }
}
