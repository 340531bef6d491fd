package org.concordat.broker.pipeline;

import org.apache.camel.builder.RouteBuilder;

/**
 * The broker's own timer routes: the outbox relay hands deliveries to transports, and the consent
 * sync reloads people whose consent another node changed.
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
  }
}
