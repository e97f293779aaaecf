package io.gridhub.driver.iec61850;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An IEC 61850 server's (IED's) settings, one factory configuration each
 * ({@code etc/io.gridhub.driver.iec61850.device-NAME.cfg}); the same file carries the host's settings.
 */
@ObjectClassDefinition(
        name = "gridhub IEC 61850 server (IED)",
        factoryPid = Iec61850Driver.FACTORY_PID,
        description = "An IEC 61850 server the hub reads over MMS as a client")
public @interface Iec61850Settings {
    @AttributeDefinition(description = "Host name or IP address of the IED")
    String host();

    @AttributeDefinition(description = "TCP port (ISO-on-TCP)", min = "1", max = "65535")
    int port() default 102;

    @AttributeDefinition(
            description = "SCL file (ICD, CID or SCD) to take the model from instead of asking the "
                    + "server for it; empty: retrieve the model over MMS on every connect")
    String sclFile() default "";

    @AttributeDefinition(description = "IED name in the SCL file when it holds several; empty: the first")
    String iedName() default "";

    @AttributeDefinition(description = "Connect timeout and the timeout of each MMS request, ms", min = "1")
    int timeoutMillis() default 5000;

    @AttributeDefinition(
            description = "Report control blocks to reserve and enable, comma separated object "
                    + "references, e.g. pvbatLD0/LLN0.brcbMeas01, pvbatLD0/LLN0.urcbStatus01; data reported by them is "
                    + "read from the reports, everything else is polled")
    String reports() default "";

    @AttributeDefinition(description = "Ask for a general interrogation after enabling each report")
    boolean reportGi() default true;

    @AttributeDefinition(
            description = "Integrity period written to each report control block, ms; 0: leave " + "the server's",
            min = "0")
    int integrityPeriodMillis() default 0;

    @AttributeDefinition(
            description = "Seconds a buffered report control block stays reserved for the hub "
                    + "after the connection is lost (ResvTms, edition 2); 0: do not reserve",
            min = "0",
            max = "32767")
    int reservationSeconds() default 60;

    @AttributeDefinition(description = "Originator identification sent with controls")
    String originator() default "gridhub";

    @AttributeDefinition(
            description = "Originator category sent with controls (3 = remote-control, "
                    + "2 = station-control, 6 = automatic-remote)",
            min = "0",
            max = "8")
    int originatorCategory() default 3;
}
