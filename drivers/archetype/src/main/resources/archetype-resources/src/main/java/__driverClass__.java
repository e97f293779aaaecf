package ${package};

import io.gridhub.api.driver.AddressException;
import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.Driver;
import ${package}.internal.LineConnection;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The ${driverId} driver: this class and its settings are the bundle's face (the service the hub finds), the
 * protocol lives in {@code ${package}.internal}. As generated it speaks a one-line text protocol over TCP ({@code GET <name>} answered
 * by a number, or {@code ERR <why>}): replace {@link LineConnection} with your device's protocol. The hub does the
 * polling, threading, reconnecting, status and publishing.
 */
@Component(service = Driver.class)
public final class ${driverClass} implements Driver<${driverClass}.Settings, String> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** One device's settings, from etc/io.gridhub.driver.${driverId}.device-NAME.cfg. */
    @ObjectClassDefinition(name = "${driverId} device", factoryPid = "io.gridhub.driver.${driverId}.device")
    public @interface Settings {
        @AttributeDefinition(description = "Host name or address")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
        int port();

        @AttributeDefinition(description = "Connect and answer timeout, ms", min = "1")
        int timeoutMillis() default 2000;
    }

    @Override
    public String id() {
        return "${driverId}";
    }

    @Override
    public Class<Settings> settingsType() {
        return Settings.class;
    }

    @Override
    public String parseAddress(String text) throws AddressException {
        if (text == null || !NAME.matcher(text).matches()) {
            throw new AddressException(String.valueOf(text), "a value name: 1 to 64 letters, digits, '.', '_', '-'");
        }
        return text;
    }

    @Override
    public Connection<String> connect(Settings settings, DeviceContext context) throws ConnectionException {
        return LineConnection.open(settings);
    }
}
