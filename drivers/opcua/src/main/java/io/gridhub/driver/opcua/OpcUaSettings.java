package io.gridhub.driver.opcua;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * An OPC UA server's settings, one factory configuration each ({@code etc/io.gridhub.driver.opcua.device-NAME.cfg});
 * the same file carries the host's settings (name, pollMillis, backoff, …).
 */
@ObjectClassDefinition(
        name = "gridhub OPC UA device",
        factoryPid = OpcUaDriver.FACTORY_PID,
        description = "An OPC UA server the hub reads, subscribes to and writes setpoints on")
public @interface OpcUaSettings {
    @AttributeDefinition(
            description = "Discovery endpoint URL, e.g. opc.tcp://10.0.0.5:4840/path; the endpoint "
                    + "chosen from GetEndpoints is reached through this host and port")
    String endpointUrl();

    @AttributeDefinition(
            description = "Message security: none, sign or encrypt (sign and encrypt)",
            options = {@Option(value = "none"), @Option(value = "sign"), @Option(value = "encrypt")})
    String securityMode() default "none";

    @AttributeDefinition(description = "Security policy for sign and encrypt (OPC UA policy name)")
    String securityPolicy() default "Basic256Sha256";

    @AttributeDefinition(description = "User name; empty logs in anonymously")
    String username() default "";

    @AttributeDefinition(description = "Password of the user", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(
            description = "Folder of the hub's client certificate (own/) and of rejected server "
                    + "certificates (rejected/); empty: ${karaf.data}/opcua/pki, or ~/.gridhub/opcua/pki outside Karaf")
    String pkiDir() default "";

    @AttributeDefinition(
            description = "Folder of trusted server certificates (.der or .pem); empty: "
                    + "<pkiDir>/trusted. Only certificates found here are accepted for sign and encrypt")
    String trustDir() default "";

    @AttributeDefinition(description = "Connect timeout, ms", min = "1")
    int connectTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Request timeout of reads, writes and browses, ms", min = "1")
    int requestTimeoutMillis() default 5000;

    @AttributeDefinition(description = "Sampling interval requested per monitored item, ms (0: fastest)", min = "0")
    double samplingIntervalMillis() default 100;

    @AttributeDefinition(description = "Publishing interval of subscriptions, ms", min = "1")
    double publishingIntervalMillis() default 100;

    @AttributeDefinition(description = "Queue size per monitored item on the server", min = "1")
    int queueSize() default 10;

    @AttributeDefinition(description = "Most monitored items created, modified or deleted per service call", min = "1")
    int monitoredItemsPerCall() default 500;
}
