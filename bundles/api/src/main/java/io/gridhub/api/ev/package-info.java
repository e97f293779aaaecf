/**
 * EV charging: the charge points an OCPP central system knows, their charging sessions (arrival, energy delivered,
 * departure and energy needed) and charging profiles sent to them. {@link io.gridhub.api.ev.ChargingStations} is the
 * hub's side (the loop reads sessions and applies its plan per connector; the REST API lists and edits sessions);
 * {@link io.gridhub.api.ev.EvSessionListener} services hear of sessions that start or end (a re-plan).
 * {@link io.gridhub.api.ev.EvSession#withMemberSaying} (1.1) applies a member's departure and energy need.
 */
@Version("1.1.0")
@Export
package io.gridhub.api.ev;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
