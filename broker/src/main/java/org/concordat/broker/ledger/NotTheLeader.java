package org.concordat.broker.ledger;

import java.util.List;
import org.concordat.broker.web.RequestRefused;

/**
 * A request only the node that signs the ledger's checkpoints may carry out, made of another node
 * (409): the caller should ask the leading node.
 */
final class NotTheLeader extends RequestRefused {
  private static final long serialVersionUID = 1L;

  NotTheLeader(String sentence) {
    super(sentence, List.of());
  }

  @Override
  public int status() {
    return 409;
  }

  @Override
  public String title() {
    return "Conflict";
  }
}
