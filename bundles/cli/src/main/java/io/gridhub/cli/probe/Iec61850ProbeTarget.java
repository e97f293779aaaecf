package io.gridhub.cli.probe;

import io.gridhub.driver.iec61850.Iec61850Driver;
import io.gridhub.driver.iec61850.Iec61850Settings;
import java.net.URI;
import java.util.Map;

/**
 * {@code iec61850://HOST[:PORT]?timeout=MS&scl=FILE&reports=RCB,RCB&gi=false}: an IEC 61850 server (IED) over MMS
 * through the hub's own driver. Without {@code scl} the model is retrieved from the server; with {@code reports}
 * the control blocks are enabled, so {@code --subscribe} shows what they report.
 */
public final class Iec61850ProbeTarget extends UrlProbeTarget<Iec61850Settings> {
    public Iec61850ProbeTarget() {
        super(new Form<>(
                "iec61850",
                "iec61850://HOST[:PORT]?timeout=MS&scl=FILE&reports=LD/LLN0.brcbX; addresses LD/LN.DO[.DA][FC] like "
                        + "ied1LD0/MMXU1.TotW.mag.f[MX], ied1LD0/GGIO1.SPCSO1[CO] (a control)",
                Iec61850Settings.class,
                102,
                Map.of(
                        "timeout",
                        "timeoutMillis",
                        "scl",
                        "sclFile",
                        "ied",
                        "iedName",
                        "gi",
                        "reportGi",
                        "intgPd",
                        "integrityPeriodMillis",
                        "resvTms",
                        "reservationSeconds"),
                Iec61850Driver::new));
    }

    @Override
    void check(URI url, Iec61850Settings s) throws ProbeException {
        if (s.timeoutMillis() < 1) {
            throw UrlSettings.bad(url, "timeout must be ≥ 1 ms");
        }
        if (s.integrityPeriodMillis() < 0 || s.reservationSeconds() < 0 || s.reservationSeconds() > 32767) {
            throw UrlSettings.bad(url, "intgPd ≥ 0 and resvTms 0..32767");
        }
    }
}
