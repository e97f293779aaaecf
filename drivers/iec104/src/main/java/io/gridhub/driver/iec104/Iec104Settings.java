package io.gridhub.driver.iec104;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An IEC 104 outstation's settings, one factory configuration each
 * ({@code etc/io.gridhub.driver.iec104.device-NAME.cfg}); the same file carries the host's settings.
 */
@ObjectClassDefinition(
        name = "gridhub IEC 60870-5-104 outstation",
        factoryPid = Iec104Driver.FACTORY_PID,
        description = "An IEC 104 outstation (RTU, substation gateway) the hub reads as a controlling station")
public @interface Iec104Settings {
    @AttributeDefinition(description = "Host name or IP address of the outstation")
    String host();

    @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
    int port() default 2404;

    @AttributeDefinition(description = "Redundant outstation address, tried when the first one fails (empty: none)")
    String host2() default "";

    @AttributeDefinition(description = "TCP port of the redundant address", min = "1", max = "65535")
    int port2() default 2404;

    @AttributeDefinition(description = "Common address of ASDU (station address)", min = "1", max = "65534")
    int commonAddress() default 1;

    @AttributeDefinition(description = "Originator address sent with commands", min = "0", max = "255")
    int originatorAddress() default 0;

    @AttributeDefinition(description = "k: most I-frames sent without acknowledgement", min = "1", max = "32767")
    int k() default 12;

    @AttributeDefinition(
            description = "w: acknowledge after this many received I-frames at the latest",
            min = "1",
            max = "32767")
    int w() default 8;

    @AttributeDefinition(description = "t0: connection establishment timeout, ms", min = "1")
    int t0Millis() default 30000;

    @AttributeDefinition(description = "t1: timeout of send or test APDUs, ms", min = "1")
    int t1Millis() default 15000;

    @AttributeDefinition(description = "t2: acknowledge without data after this, ms (< t1)", min = "1")
    int t2Millis() default 10000;

    @AttributeDefinition(description = "t3: send TESTFR after this idle time, ms", min = "1")
    int t3Millis() default 20000;

    @AttributeDefinition(
            description = "Timeout of a general interrogation and of each command step " + "(ACT_CON, ACT_TERM), ms",
            min = "1")
    int timeoutMillis() default 5000;

    @AttributeDefinition(
            description = "General interrogation (and counter interrogation) period, s; 0: only " + "on connect",
            min = "0")
    int interrogationSeconds() default 0;

    @AttributeDefinition(description = "Send commands as select, then execute (select-before-operate)")
    boolean selectBeforeOperate() default false;

    @AttributeDefinition(
            description = "Select-before-operate: wait this long for the select's ACT_CON, ms " + "(0: timeoutMillis)",
            min = "0")
    int selectTimeoutMillis() default 0;

    @AttributeDefinition(
            description = "Select-before-operate: pause between the select's ACT_CON and the execute, ms",
            min = "0")
    int operateDelayMillis() default 0;

    @AttributeDefinition(
            description = "Select-before-operate: a selection older than this is not executed (the outstation "
                    + "has dropped it; the operate answers INVALID and a deactivation is sent), ms; 0: no limit",
            min = "0")
    int selectValidMillis() default 0;

    @AttributeDefinition(
            description = "Expect ACT_TERM after the ACT_CON of an execute. Off: a positive ACT_CON is success "
                    + "(many outstations never send ACT_TERM for direct commands)")
    boolean waitForTermination() default false;

    @AttributeDefinition(
            description = "With waitForTermination: how long after ACT_CON to wait for ACT_TERM, ms; a command "
                    + "not terminated by then is QUESTIONABLE",
            min = "1")
    int terminationTimeoutMillis() default 10000;

    @AttributeDefinition(description = "Synchronize the outstation's clock (C_CS_NA_1) on connect")
    boolean clockSync() default false;
}
