/**
 * The driver SPI. A vendor implements {@link io.gridhub.api.driver.Driver} (connect) and
 * {@link io.gridhub.api.driver.Connection} (read a list of channels); the hub owns polling, threading (never two
 * calls at once on one device), reconnect with backoff, status, quality and publishing. Optional abilities are
 * separate interfaces a connection may also implement: {@link io.gridhub.api.driver.Writable},
 * {@link io.gridhub.api.driver.Commandable}, {@link io.gridhub.api.driver.Subscribable} and
 * {@link io.gridhub.api.driver.Browsable}. A connection's timed work and the report of a link that went down by
 * itself go through its {@link io.gridhub.api.driver.DeviceContext} (0.4); a driver builds an armed command from
 * the device's answer and two actions with {@link io.gridhub.api.driver.Commandable.Selection#of} (0.4).
 * {@link io.gridhub.api.driver.AbstractDriver} takes a driver's id, settings type and address parser once, so that
 * the driver class holds only its {@code connect} (0.5). The host subscribes where a connection pushes, and
 * {@link io.gridhub.api.driver.Subscribable} says what it expects of one: the readings received before the first
 * subscription handed to it, a channel that cannot be pushed answered CONFIGURATION_ERROR (0.6).
 * {@link io.gridhub.api.driver.DeviceStatus} carries the data-quality gaps per point and the span of the last outage
 * nothing back-filled (0.7). {@link io.gridhub.api.driver.DeviceContext#backfillFrom()} tells a connection where
 * each channel's missing data begins, for a device that can be read back (a meter's load profile), and a
 * {@link io.gridhub.api.driver.Subscribable} connection may hand its subscriber such back-filled readings for
 * channels it polls (0.8). A connection hands the host resume points with its pushed readings
 * ({@link io.gridhub.api.driver.Subscribable.Listener#onResumePoint}) and reads one back, also after a restart of the
 * hub, with {@link io.gridhub.api.driver.DeviceContext#resumePoint} (0.8). See docs/driver-sdk.md.
 */
@Version("0.8.0")
@Export
package io.gridhub.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
