package org.concordat.broker.pipeline;

import org.apache.camel.builder.RouteBuilder;

/**
 * The broker's own timer routes: the outbox relay hands deliveries to transports, the consent sync
 * reloads people whose consent another node changed, and the break-glass check decides again what
 * is queued under grants that have expired.
 */
public class PipelineRoutes extends RouteBuilder {

  @Override
  public void configure() {
    from("timer:outbox-relay?period={{concordat.outbox.poll-interval}}&synchronous=true")
        .routeId("outbox-relay")
        .bean("outboxRelay", "deliverDue");
    from("timer:consent-sync?period={{concordat.consent.sync-interval:1000}}&synchronous=true")
        .routeId("consent-sync")
        .bean("consentCacheSync", "poll");
    // Grants that expired since the last pass: what is still queued under them is decided again.
    from("timer:break-glass-ends?period={{concordat.consent.break-glass-end-check:5000}}"
            + "&synchronous=true")
        .routeId("break-glass-ends")
        .bean("breakGlass", "endExpired");
  }
}
