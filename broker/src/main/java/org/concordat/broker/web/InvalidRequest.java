package org.concordat.broker.web;

import java.util.List;

/**
 * A request whose input is not what the endpoint takes (a missing field, a malformed code, a range
 * past the end): 400, titled "Invalid request". The sentence names the field and what it takes; it
 * never repeats personal data such as an NHS number. Controllers throw it where they turn client
 * input into core values, so that an {@link IllegalArgumentException} from deeper down stays what
 * it is — a bug, answered 500.
 */
public final class InvalidRequest extends RequestRefused {
  private static final long serialVersionUID = 1L;

  public InvalidRequest(String sentence) {
    super(sentence, List.of());
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String title() {
    return "Invalid request";
  }
}
