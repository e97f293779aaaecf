package io.gridhub.web.internal;

import io.gridhub.web.internal.Route.Anonymous;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** Whether a caller may call a route: the rules of {@link Routes} as one plain function. */
final class Access {
    /** {@code status} 0 when allowed, else 401 or 403 with the reason. */
    record Decision(int status, String reason) {
        static final Decision ALLOWED = new Decision(0, null);

        boolean allowed() {
            return status == 0;
        }
    }

    private Access() {}

    /**
     * @param loopback      whether the request comes from this host
     * @param memberOfPoint the member whose asset a point belongs to (by point id), empty for other points
     */
    static Decision decide(
            Route route,
            Map<String, String> vars,
            Caller caller,
            boolean loopback,
            Function<String, Optional<String>> memberOfPoint) {
        if (route.anonymous() == Anonymous.YES) {
            return Decision.ALLOWED;
        }
        if (caller.anonymous()) {
            if (route.anonymous() == Anonymous.LOOPBACK && loopback) {
                return Decision.ALLOWED;
            }
            return new Decision(
                    401,
                    route.id() + " needs credentials: HTTP Basic of a user of the hub's realm, or "
                            + "an API token (Authorization: Bearer …)");
        }
        switch (route.owner()) {
            case MEMBER -> {
                if (caller.isMember(vars.get("member"))) {
                    return Decision.ALLOWED;
                }
            }
            case MEMBER_POINT -> {
                Optional<String> owner = memberOfPoint.apply(vars.get("point"));
                if (owner.isPresent()) {
                    if (caller.isMember(owner.get()) || caller.staff()) {
                        return Decision.ALLOWED;
                    }
                    return new Decision(
                            403,
                            "point " + vars.get("point") + " is personal data of a member: only "
                                    + "that member, operators and governance leads may read it");
                }
            }
            case NONE -> {}
        }
        if (route.roles().stream().anyMatch(caller::has)) {
            return Decision.ALLOWED;
        }
        return new Decision(
                403,
                route.id() + " needs one of the roles " + new TreeSet<>(route.roles())
                        + (route.owner() == Route.Owner.MEMBER ? " or to be that member" : "") + "; " + caller.name()
                        + " has " + new TreeSet<>(caller.actor().roles()));
    }
}
