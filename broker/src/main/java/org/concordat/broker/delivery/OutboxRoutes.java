package org.concordat.broker.delivery;

import org.apache.camel.builder.RouteBuilder;

/** The outbox relay's timer: it hands due deliveries to their transports. */
class OutboxRoutes extends RouteBuilder {

  @Override
  public void configure() {
    from("timer:outbox-relay?period={{concordat.outbox.poll-interval}}&synchronous=true")
        .routeId("outbox-relay")
        .bean("outboxRelay", "deliverDue");
  }
}
