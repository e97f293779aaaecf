package io.gridhub.driver.ocpp.internal;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Reading;
import io.gridhub.api.driver.Writable;
import io.gridhub.api.ev.ProfilePeriod;
import io.gridhub.api.ev.ProfileResult;
import io.gridhub.api.model.Quality;
import io.gridhub.driver.ocpp.OcppAddress;
import io.gridhub.driver.ocpp.OcppSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The driver host's view of one connected charge point: reads come from what it last sent (no request goes out), a
 * write of {@code N:limit} becomes a one-period charging profile. It lasts as long as the charge point's WebSocket:
 * when that closes, the host hears the link is lost and the device goes offline until the charge point is back.
 */
public final class OcppConnection implements Connection<OcppAddress>, Writable<OcppAddress> {
    private final CentralSystem system;
    private final ChargePointLink link;
    private final DeviceContext context;
    private final Consumer<Throwable> onClose;

    private OcppConnection(CentralSystem system, ChargePointLink link, DeviceContext context) {
        this.system = system;
        this.link = link;
        this.context = context;
        this.onClose = context::linkLost;
    }

    public static OcppConnection open(CentralSystem system, OcppSettings settings, DeviceContext context)
            throws ConnectionException {
        String id = settings.chargePointId();
        if (system.settings(id).isEmpty()) {
            throw ConnectionException.configuration("charge point " + id + " is not known to the central system", null);
        }
        ChargePointLink link = system.link(id)
                .filter(ChargePointLink::isOpen)
                .orElseThrow(() -> new ConnectionException("charge point " + id + " is not connected"));
        OcppConnection c = new OcppConnection(system, link, context);
        link.onClose(c.onClose);
        return c;
    }

    @Override
    public List<Reading> read(List<OcppAddress> channels) throws ConnectionException {
        alive();
        List<Reading> out = new ArrayList<>(channels.size());
        for (OcppAddress a : channels) {
            out.add(read(a));
        }
        return out;
    }

    private Reading read(OcppAddress a) {
        switch (a.name()) {
            case OcppAddress.STATUS -> {
                String s = link.connectorStatus.get(a.connector());
                int i = s == null ? -1 : OcppAddress.STATUSES.indexOf(s);
                return i < 0
                        ? Reading.failed(Quality.invalid(Quality.Reason.OLD_DATA, "no status yet"))
                        : Reading.good(i);
            }
            case OcppAddress.SESSION -> {
                return Reading.good(system.sessionOn(link.id, a.connector()) ? 1 : 0);
            }
            case OcppAddress.LIMIT -> {
                return Reading.failed(Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, "limit is write-only"));
            }
            default -> {
                return link.measurements
                        .get(a.connector(), a.name(), a.phase())
                        .map(v -> new Reading(v.value(), Quality.GOOD, v.time()))
                        .orElse(Reading.failed(Quality.invalid(Quality.Reason.OLD_DATA, "not sent yet")));
            }
        }
    }

    @Override
    public Quality write(OcppAddress channel, double value) throws ConnectionException {
        alive();
        if (!channel.name().equals(OcppAddress.LIMIT)) {
            return Quality.invalid(Quality.Reason.CONFIGURATION_ERROR, channel + " is not writable: only N:limit");
        }
        ProfileResult r;
        try {
            r = system.applyProfile(
                            link.id,
                            channel.connector(),
                            List.of(new ProfilePeriod(context.clock().instant(), value)))
                    .get(system.callTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while writing " + channel, e);
        } catch (ExecutionException | TimeoutException e) {
            return Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "no answer to SetChargingProfile");
        }
        return switch (r.status()) {
            case ACCEPTED -> Quality.GOOD;
            case OFFLINE -> throw new ConnectionException("charge point " + link.id + " disconnected: " + r.detail());
            case FAILED -> Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, r.detail());
            default -> Quality.invalid(Quality.Reason.DEVICE_FAILURE, r.detail());
        };
    }

    private void alive() throws ConnectionException {
        if (!link.isOpen()) {
            throw new ConnectionException("charge point " + link.id + " is not connected");
        }
    }

    @Override
    public void close() {
        link.removeCloseListener(onClose);
    }
}
