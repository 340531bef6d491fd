package org.concordat.broker.disclosure;

import ca.uhn.fhir.context.FhirContext;
import java.util.Objects;
import java.util.Set;
import org.concordat.adapters.fhir.minimise.FhirMinimiser;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Protocol;
import org.hl7.fhir.r4.model.Bundle;
import org.jspecify.annotations.Nullable;

/**
 * Step 4 of the pipeline, Minimise: removes from a notice every data category of the protocol that
 * the decision does not permit (docs/minimisation.md), before it is translated. A minimiser
 * compiles every selection of its protocol (tens of milliseconds), so one is built per protocol
 * version, found by the version's hash, and kept until another version is in force. Thread-safe.
 */
public final class Minimisers {
  private final FhirContext context;
  private volatile @Nullable Built current;

  private record Built(String sha256, FhirMinimiser minimiser) {}

  public Minimisers(FhirContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /** The minimiser for {@code protocol}, built on first use of its version. */
  public FhirMinimiser of(Protocol protocol) {
    String sha256 = protocol.ref().sha256();
    Built built = current;
    if (built != null && built.sha256().equals(sha256)) {
      return built.minimiser();
    }
    synchronized (this) {
      built = current;
      if (built == null || !built.sha256().equals(sha256)) {
        built = new Built(sha256, new FhirMinimiser(protocol, context));
        current = built;
      }
      return built.minimiser();
    }
  }

  /**
   * The notice with every category of {@code protocol} but {@code permitted} removed: a copy, or
   * the notice itself when the decision withholds nothing. Never change what this returns.
   *
   * @throws IllegalArgumentException if a permitted category is not one of the protocol's
   */
  public Bundle minimise(Protocol protocol, Bundle notice, Set<CategoryCode> permitted) {
    FhirMinimiser minimiser = of(protocol);
    if (permitted.containsAll(minimiser.categories())) {
      return notice;
    }
    return (Bundle) minimiser.minimise(notice, permitted).content();
  }
}
