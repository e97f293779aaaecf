package io.gridhub.cli.probe;

import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import java.net.URI;
import java.util.Map;

/**
 * {@code iec104://HOST[:PORT]?ca=N&timeout=MS&sbo=true&actterm=true&k=K&w=W}: an IEC 60870-5-104 outstation through
 * the hub's own driver. The probe's connection is short-lived, so a read comes from the general interrogation on
 * connect. A positive ACT_CON is a successful command unless {@code actterm=true} (then ACT_TERM within
 * {@code termTimeout} ms).
 */
public final class Iec104ProbeTarget extends UrlProbeTarget<Iec104Settings> {
    public Iec104ProbeTarget() {
        super(new Form<>(
                "iec104",
                "iec104://HOST[:PORT]?ca=N&timeout=MS&sbo=true&actterm=true; addresses ioa:N[:COMMAND] like ioa:1001, "
                        + "ioa:5001:float (COMMAND: single, double, normalized, scaled, float)",
                Iec104Settings.class,
                2404,
                Map.of(
                        "ca",
                        "commonAddress",
                        "timeout",
                        "timeoutMillis",
                        "sbo",
                        "selectBeforeOperate",
                        "oa",
                        "originatorAddress",
                        "actterm",
                        "waitForTermination",
                        "termTimeout",
                        "terminationTimeoutMillis",
                        "selectTimeout",
                        "selectTimeoutMillis",
                        "operateDelay",
                        "operateDelayMillis",
                        "selectValid",
                        "selectValidMillis"),
                Iec104Driver::new));
    }

    @Override
    void check(URI url, Iec104Settings s) throws ProbeException {
        if (s.commonAddress() < 1 || s.commonAddress() > 65534) {
            throw UrlSettings.bad(url, "ca " + s.commonAddress() + " out of 1..65534");
        }
        if (s.timeoutMillis() < 1 || s.k() < 1 || s.w() < 1 || s.terminationTimeoutMillis() < 1) {
            throw UrlSettings.bad(url, "timeout, termTimeout, k and w must be ≥ 1");
        }
        if (s.selectTimeoutMillis() < 0 || s.operateDelayMillis() < 0 || s.selectValidMillis() < 0) {
            throw UrlSettings.bad(url, "selectTimeout, operateDelay and selectValid must be ≥ 0");
        }
    }
}
