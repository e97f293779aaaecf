package io.gridhub.api.driver;

/** Where a device stands, as published on its {@code device.<name>.status} point (the ordinal is the value). */
public enum DeviceState {
    /** Configured, not connected yet or reconnecting after a loss. */
    OFFLINE,
    ONLINE,
    /** Its configuration cannot work (bad settings, map or address); the hub does not retry until it changes. */
    CONFIG_ERROR
}
