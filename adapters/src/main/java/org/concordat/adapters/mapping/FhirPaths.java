package org.concordat.adapters.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.fhirpath.IFhirPathEvaluationContext;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates parsed FHIRPath expressions with HAPI's R4 engine, one engine per thread (an engine
 * holds its evaluation context, so it is not shared). {@code resolve()} finds references within the
 * Bundle being translated, by {@code fullUrl} or by {@code Type/id}.
 */
final class FhirPaths {
  private final ThreadLocal<Runner> runners;

  FhirPaths(FhirContext context) {
    this.runners = ThreadLocal.withInitial(() -> new Runner(context));
  }

  List<IBase> evaluate(IBase root, IFhirPath.IParsedExpression expression, IBase input) {
    Runner runner = runners.get();
    runner.root = root;
    try {
      return runner.path.evaluate(input, expression, IBase.class);
    } finally {
      runner.root = null;
    }
  }

  private static final class Runner implements IFhirPathEvaluationContext {
    final IFhirPath path;
    @Nullable IBase root;

    Runner(FhirContext context) {
      this.path = context.newFhirPath();
      this.path.setEvaluationContext(this);
    }

    @Override
    public @Nullable IBase resolveReference(IIdType reference, @Nullable IBase context) {
      if (!(root instanceof Bundle bundle) || reference.getValue() == null) {
        return null;
      }
      String wanted = reference.getValue();
      String typed =
          reference.hasResourceType() && reference.hasIdPart()
              ? reference.getResourceType() + "/" + reference.getIdPart()
              : null;
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        Resource resource = entry.getResource();
        if (resource == null) {
          continue;
        }
        if (wanted.equals(entry.getFullUrl())) {
          return resource;
        }
        if (typed != null
            && resource.getIdElement().hasIdPart()
            && typed.equals(resource.fhirType() + "/" + resource.getIdElement().getIdPart())) {
          return resource;
        }
      }
      return null;
    }
  }
}
