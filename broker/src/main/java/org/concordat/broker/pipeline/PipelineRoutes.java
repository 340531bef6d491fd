package org.concordat.broker.pipeline;

import org.apache.camel.builder.RouteBuilder;

/** The broker's own routes: the outbox relay, driven by a timer, hands deliveries to transports. */
public class PipelineRoutes extends RouteBuilder {

  @Override
  public void configure() {
    from("timer:outbox-relay?period={{concordat.outbox.poll-interval}}&synchronous=true")
        .routeId("outbox-relay")
        .bean("outboxRelay", "deliverDue");
  }
}
