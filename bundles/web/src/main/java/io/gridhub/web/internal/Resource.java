package io.gridhub.web.internal;

/**
 * One resource of the REST API (points, plans, governance, …): it registers the handler of each of its routes. The
 * routes themselves, with their roles, owners and body limits, are in {@link Routes}; the access filter has checked
 * all of that before a handler runs, so a resource does no authentication of its own.
 */
interface Resource {
    void register(Handlers handlers);
}
