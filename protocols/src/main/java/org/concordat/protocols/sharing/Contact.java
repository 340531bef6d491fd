package org.concordat.protocols.sharing;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person to contact about the protocol, e.g. a party's IG lead or the partnership's Caldicott
 * guardian.
 *
 * @param role what they are for, e.g. {@code Caldicott guardian}; optional
 */
public record Contact(String name, String email, @Nullable String role) {
  public Contact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }
}
