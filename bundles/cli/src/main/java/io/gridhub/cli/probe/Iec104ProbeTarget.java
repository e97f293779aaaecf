package io.gridhub.cli.probe;

import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import java.net.URI;
import java.util.Map;

/**
 * {@code iec104://HOST[:PORT]?ca=N&timeout=MS&sbo=true&k=K&w=W}: an IEC 60870-5-104 outstation through the hub's own
 * driver. The probe's connection is short-lived, so a read comes from the general interrogation on connect.
 */
public final class Iec104ProbeTarget implements ProbeTarget {
    @Override
    public String scheme() {
        return "iec104";
    }

    @Override
    public String usage() {
        return "iec104://HOST[:PORT]?ca=N&timeout=MS&sbo=true; addresses ioa:N[:COMMAND] like ioa:1001, "
                + "ioa:5001:float (COMMAND: single, double, normalized, scaled, float)";
    }

    @Override
    public Resolved<?, ?> resolve(URI url) throws ProbeException {
        Iec104Settings s = UrlSettings.of(
                url,
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
                        "originatorAddress"));
        if (s.port() < 1 || s.port() > 65535) {
            throw new ProbeException("bad URL '" + url + "': port " + s.port() + " out of 1..65535");
        }
        if (s.commonAddress() < 1 || s.commonAddress() > 65534) {
            throw new ProbeException("bad URL '" + url + "': ca " + s.commonAddress() + " out of 1..65534");
        }
        if (s.timeoutMillis() < 1 || s.k() < 1 || s.w() < 1) {
            throw new ProbeException("bad URL '" + url + "': timeout, k and w must be ≥ 1");
        }
        return new Resolved<>(new Iec104Driver(), s);
    }
}
