package io.gridhub.driver.modbus;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A Modbus TCP device's settings, one factory configuration each
 * ({@code etc/io.gridhub.driver.modbus.device-NAME.cfg});
 * the same file carries the host's settings (name, pollMillis, backoff, …).
 */
@ObjectClassDefinition(
        name = "gridhub Modbus TCP device",
        factoryPid = ModbusDriver.FACTORY_PID,
        description = "A Modbus TCP server (slave) the hub polls")
public @interface ModbusSettings {
    @AttributeDefinition(description = "Host name or IP address of the device or gateway")
    String host();

    @AttributeDefinition(description = "TCP port", min = "1", max = "65535")
    int port() default 502;

    @AttributeDefinition(
            description = "Unit id (slave id) addressed; 255 or 1 for most TCP devices",
            min = "0",
            max = "255")
    int unitId() default 1;

    @AttributeDefinition(description = "Connect and response timeout, ms", min = "1")
    int timeoutMillis() default 2000;

    @AttributeDefinition(
            description =
                    "Registers (or bits) that may lie unused between two points and still be " + "read in one request",
            min = "0")
    int maxGap() default 8;

    @AttributeDefinition(description = "Most registers per read request (Modbus allows 125)", min = "1", max = "125")
    int maxRegistersPerRequest() default 125;

    @AttributeDefinition(
            description = "Most coils or discrete inputs per read request (Modbus allows 2000)",
            min = "1",
            max = "2000")
    int maxBitsPerRequest() default 2000;

    @AttributeDefinition(
            description = "Write single coils and registers with FC15/FC16 instead of FC5/FC6 (for "
                    + "devices that only implement the multiple-write functions)")
    boolean multipleWritesOnly() default false;

    // The load profile: keys loadProfile.start, loadProfile.records, … in the configuration (the converter maps '_'
    // in a name to '.'). Off while loadProfile.start is empty. See the module's README.

    @AttributeDefinition(
            description = "Load profile (back-fill after an outage): first register of record 0 of its ring buffer, "
                    + "hr:ADDRESS or ir:ADDRESS; empty: no load profile")
    String loadProfile_start() default "";

    @AttributeDefinition(description = "Load profile: records the ring buffer holds", min = "0")
    int loadProfile_records() default 0;

    @AttributeDefinition(description = "Load profile: registers per record", min = "0", max = "125")
    int loadProfile_recordSize() default 0;

    @AttributeDefinition(
            description = "Load profile: register holding the 0-based index of the newest record, e.g. hr:999 "
                    + "(or set loadProfile.recordCounter)")
    String loadProfile_newestIndex() default "";

    @AttributeDefinition(
            description = "Load profile: register counting the records written, e.g. hr:998:uint32; the newest is "
                    + "record (counter - 1) mod records (or set loadProfile.newestIndex)")
    String loadProfile_recordCounter() default "";

    @AttributeDefinition(
            description = "Load profile: register of the record's time stamp (epoch seconds, uint32) within the record",
            min = "0")
    int loadProfile_timeOffset() default 0;

    @AttributeDefinition(description = "Load profile: word/byte order of the time stamp: abcd, cdab, badc or dcba")
    String loadProfile_timeOrder() default "abcd";

    @AttributeDefinition(description = "Load profile: seconds between two records", min = "1")
    int loadProfile_intervalSeconds() default 900;

    @AttributeDefinition(
            description = "Load profile: the values of a record, comma-separated CHANNEL=OFFSET:TYPE[:ORDER][*SCALE], "
                    + "e.g. hr:4:float32=2:uint32*0.001; CHANNEL is a mapped channel whose point the value back-fills")
    String[] loadProfile_fields() default {};

    @AttributeDefinition(description = "Load profile: most records read per poll while back-filling", min = "1")
    int loadProfile_maxRecordsPerPoll() default 32;
}
