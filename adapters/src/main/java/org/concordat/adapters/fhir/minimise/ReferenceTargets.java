package org.concordat.adapters.fhir.minimise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Which resources of a record a reference points at: by the entry's full URL ({@code urn:uuid:...}
 * or an absolute URL), by {@code Type/id} (any {@code /_history/...} ignored), by {@code #id} for a
 * contained resource, or by the resource object itself. Logical references (an identifier only) and
 * references to resources outside the record resolve to nothing.
 */
final class ReferenceTargets {
  private final ContentTree tree;
  private final Map<String, List<Resource>> byAddress = new HashMap<>();

  ReferenceTargets(ContentTree tree) {
    this.tree = tree;
    for (Resource resource : tree.resources()) {
      if (tree.isContained(resource)) {
        continue;
      }
      String fullUrl = tree.fullUrl(resource);
      if (fullUrl != null) {
        add(fullUrl, resource);
      }
      IdType id = resource.getIdElement();
      if (id.hasIdPart()) {
        add(resource.fhirType() + "/" + id.getIdPart(), resource);
      }
      String value = id.getValue();
      if (value != null && value.contains(":")) {
        add(value, resource);
      }
    }
  }

  private void add(String address, Resource resource) {
    List<Resource> targets = byAddress.computeIfAbsent(address, a -> new ArrayList<>());
    if (!targets.contains(resource)) {
      targets.add(resource);
    }
  }

  /** The resources {@code reference} may point at; more than one only if addresses clash. */
  List<Resource> of(Reference reference) {
    IBaseResource inMemory = reference.getResource();
    if (inMemory instanceof Resource resource && tree.contains(resource)) {
      return List.of(resource);
    }
    String address = reference.getReference();
    if (address == null || address.isEmpty()) {
      return List.of();
    }
    if (address.startsWith("#")) {
      return contained(tree.owner(reference), address.substring(1));
    }
    int history = address.indexOf("/_history/");
    if (history >= 0) {
      address = address.substring(0, history);
    }
    List<Resource> targets = byAddress.get(address);
    return targets == null ? List.of() : targets;
  }

  /** A contained resource with {@code id}, in the resource that contains {@code holder}'s. */
  private List<Resource> contained(Resource holder, String id) {
    Resource container = holder;
    while (tree.isContained(container)) {
      Resource outer = tree.container(container);
      if (outer == null) {
        break;
      }
      container = outer;
    }
    List<Resource> found = new ArrayList<>();
    for (Resource resource : tree.resources()) {
      if (tree.isContained(resource)
          && tree.container(resource) == container
          && id.equals(withoutHash(resource.getIdElement().getIdPart()))) {
        found.add(resource);
      }
    }
    return found;
  }

  private static String withoutHash(String id) {
    return id != null && id.startsWith("#") ? id.substring(1) : String.valueOf(id);
  }
}
