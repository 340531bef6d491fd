package org.concordat.adapters.fhir.minimise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * One minimisation of one record (a deep copy that it changes): first decides everything from the
 * selections as evaluated on the untouched copy, then removes, then accounts. Deciding before
 * changing anything means that the order in which categories and elements are visited cannot change
 * the result. Not thread-safe; {@link FhirMinimiser} makes one per call.
 */
final class Minimisation {
  /**
   * Resources never removed whole by the resource rule, only element by element: the message header
   * and the person the message is about (whose identifier carries the NHS number) hold the message
   * together. A category that selects the whole resource still removes it.
   */
  private static final Set<String> NEVER_REMOVED_WHOLE = Set.of("MessageHeader", "Patient");

  /** What a resource keeps when it loses all its other elements but stays. */
  private static final Set<String> RESOURCE_IDENTITY = Set.of("id", "meta");

  private final FHIRPathEngine engine;
  private final Map<String, List<Selection>> selectionsByType;
  private final Set<CategoryCode> withheld;
  private final ContentTree tree;
  private @Nullable ReferenceTargets targets;

  private final Map<Base, Set<CategoryCode>> selectedWithheld = new IdentityHashMap<>();
  private final Map<Base, Set<CategoryCode>> selectedPermitted = new IdentityHashMap<>();
  private final Map<Resource, Set<CategoryCode>> touchedWithheld = new IdentityHashMap<>();
  private final Map<Resource, Set<CategoryCode>> touchedPermitted = new IdentityHashMap<>();
  private final Set<Base> holdingPermitted = Collections.newSetFromMap(new IdentityHashMap<>());

  private final Map<Resource, Set<CategoryCode>> removedResources = new IdentityHashMap<>();
  private final List<Resource> removedResourceOrder = new ArrayList<>();
  private final Map<Base, Planned> plannedElements = new IdentityHashMap<>();
  private final List<Base> plannedOrder = new ArrayList<>();
  private final Map<Resource, Set<CategoryCode>> modified = new IdentityHashMap<>();
  private final Account account = new Account();

  private record Planned(Removal.Kind kind, Set<CategoryCode> cause) {}

  Minimisation(
      ContentTree tree,
      FHIRPathEngine engine,
      Map<String, List<Selection>> selectionsByType,
      Set<CategoryCode> withheld) {
    this.tree = tree;
    this.engine = engine;
    this.selectionsByType = selectionsByType;
    this.withheld = withheld;
  }

  MinimisedContent run() {
    select(true);
    if (!selectedWithheld.isEmpty()) {
      select(false);
      findHoldersOfPermitted();
      decideResources();
      decideElements();
      decideReferences();
      removeDecided();
      removeDerivedText();
    }
    return new MinimisedContent(tree.root(), withheld, account.removals(), account.retained());
  }

  // Selecting

  private void select(boolean ofWithheld) {
    for (Resource resource : tree.resources()) {
      List<Selection> selections = selectionsByType.get(resource.fhirType());
      if (selections == null) {
        continue;
      }
      for (Selection selection : selections) {
        if (withheld.contains(selection.category()) == ofWithheld) {
          select(resource, selection, ofWithheld);
        }
      }
    }
  }

  private void select(Resource resource, Selection selection, boolean ofWithheld) {
    List<Base> selected;
    try {
      selected = engine.evaluate(resource, selection.expression());
    } catch (FHIRException e) {
      throw new UnusableSelectionException(
          selection.category(),
          selection.source(),
          "could not be evaluated on a " + resource.fhirType(),
          e);
    }
    if (selected.isEmpty()) {
      return;
    }
    Map<Base, Set<CategoryCode>> into = ofWithheld ? selectedWithheld : selectedPermitted;
    for (Base element : selected) {
      if (!tree.contains(element)) {
        throw new UnusableSelectionException(
            selection.category(),
            selection.source(),
            "selects a computed "
                + element.fhirType()
                + ", not an element of the record, so it cannot be removed",
            null);
      }
      into.computeIfAbsent(element, e -> new TreeSet<>()).add(selection.category());
    }
    (ofWithheld ? touchedWithheld : touchedPermitted)
        .computeIfAbsent(resource, r -> new TreeSet<>())
        .add(selection.category());
  }

  /** Every element that contains a permitted selection, up to the root. */
  private void findHoldersOfPermitted() {
    for (Base permitted : selectedPermitted.keySet()) {
      Base at = tree.parent(permitted);
      while (at != null && holdingPermitted.add(at)) {
        at = tree.parent(at);
      }
    }
  }

  // Deciding

  /**
   * The resource rule: a resource goes whole when a withheld category selects something in it and
   * no permitted category does (MessageHeader and Patient excepted), or when a withheld category
   * selects the resource itself; never when it holds something a permitted category selects.
   */
  private void decideResources() {
    for (Resource resource : tree.resources()) {
      if (resource == tree.root()
          || removalCause(resource) != null
          || keptFor(resource) != null
          || holdingPermitted.contains(resource)) {
        continue;
      }
      Set<CategoryCode> cause = selectedWithheld.get(resource);
      if (cause == null
          && !NEVER_REMOVED_WHOLE.contains(resource.fhirType())
          && !touchedPermitted.containsKey(resource)) {
        cause = touchedWithheld.get(resource);
      }
      if (cause != null) {
        removeResource(resource, cause);
      }
    }
  }

  private void removeResource(Resource resource, Set<CategoryCode> cause) {
    removedResources.put(resource, cause);
    removedResourceOrder.add(resource);
  }

  private void decideElements() {
    for (Base element : tree.elements()) {
      Set<CategoryCode> cause = selectedWithheld.get(element);
      if (cause == null || removalCause(element) != null) {
        continue;
      }
      Set<CategoryCode> keptFor = keptFor(element);
      if (keptFor != null) {
        account.retained(tree.path(element), keptFor);
      } else if (element instanceof Resource || holdingPermitted.contains(element)) {
        strip(element, cause);
      } else {
        plan(element, Removal.Kind.ELEMENT, cause);
      }
    }
  }

  /**
   * Removes what a withheld selection selects inside {@code element} except what a permitted one
   * selects (and what holds that); a resource that stays keeps its id and meta.
   */
  private void strip(Base element, Set<CategoryCode> cause) {
    for (Base child : tree.children(element)) {
      Set<CategoryCode> permittedBy = selectedPermitted.get(child);
      ContentTree.Place place = tree.place(child);
      if (permittedBy != null) {
        account.retained(tree.path(child), permittedBy);
      } else if (holdingPermitted.contains(child)) {
        strip(child, cause);
      } else if (element instanceof Resource
          && place != null
          && RESOURCE_IDENTITY.contains(place.name())) {
        continue;
      } else if (child instanceof Resource contained) {
        if (removalCause(contained) == null) {
          removeResource(contained, cause);
        }
      } else {
        plan(child, Removal.Kind.ELEMENT, cause);
      }
    }
  }

  /** References to removed resources go: they would point at nothing. */
  private void decideReferences() {
    for (Base element : tree.elements()) {
      if (!(element instanceof Reference reference) || removalCause(reference) != null) {
        continue;
      }
      Set<CategoryCode> cause = null;
      for (Resource target : targets().of(reference)) {
        Set<CategoryCode> targetCause = removalCause(target);
        if (targetCause != null) {
          cause = union(cause, targetCause);
        }
      }
      if (cause != null) {
        plan(reference, Removal.Kind.REFERENCE, cause);
      }
    }
  }

  private void plan(Base element, Removal.Kind kind, Set<CategoryCode> cause) {
    if (removalCause(element) == null) {
      plannedElements.put(element, new Planned(kind, cause));
      plannedOrder.add(element);
    }
  }

  /** Why {@code element} (or what holds it) is to be removed; null when it stays. */
  private @Nullable Set<CategoryCode> removalCause(Base element) {
    for (Base at = element; at != null; at = tree.parent(at)) {
      Set<CategoryCode> resourceCause = at instanceof Resource ? removedResources.get(at) : null;
      if (resourceCause != null) {
        return resourceCause;
      }
      Planned planned = plannedElements.get(at);
      if (planned != null) {
        return planned.cause();
      }
    }
    return null;
  }

  /** The permitted categories that select {@code element} or what holds it; null if none. */
  private @Nullable Set<CategoryCode> keptFor(Base element) {
    for (Base at = element; at != null; at = tree.parent(at)) {
      Set<CategoryCode> permittedBy = selectedPermitted.get(at);
      if (permittedBy != null) {
        return permittedBy;
      }
    }
    return null;
  }

  // Removing

  private void removeDecided() {
    for (Resource resource : removedResourceOrder) {
      Set<CategoryCode> cause = removedResources.get(resource);
      Base parent = tree.parent(resource);
      if (cause == null || parent == null) {
        continue;
      }
      account.removed(Removal.Kind.RESOURCE, resource.fhirType(), cause);
      if (parent instanceof Bundle.BundleEntryComponent entry) {
        tree.remove(entry); // the entry exists to carry the resource
      } else {
        tree.removeAndPrune(resource);
      }
      markModified(tree.owner(parent), cause);
    }
    for (Base element : plannedOrder) {
      Planned planned = plannedElements.get(element);
      if (planned == null) {
        continue;
      }
      account.removed(planned.kind(), tree.path(element), planned.cause());
      tree.removeAndPrune(element);
      markModified(tree.owner(element), planned.cause());
    }
  }

  private void markModified(Resource resource, Set<CategoryCode> cause) {
    for (Resource at = resource; at != null; at = tree.container(at)) {
      modified.computeIfAbsent(at, r -> new TreeSet<>()).addAll(cause);
    }
  }

  /**
   * Text that may restate what was removed: the {@code display} of a reference to a resource that
   * lost data, and the narrative of a resource that lost data or refers to one that did. One hop
   * only, from what the selections removed, so the result does not depend on visiting order.
   */
  private void removeDerivedText() {
    Map<Resource, Set<CategoryCode>> narrativeCause = new IdentityHashMap<>();
    modified.forEach((resource, cause) -> narrativeCause.put(resource, new TreeSet<>(cause)));
    for (Base element : tree.elements()) {
      if (!(element instanceof Reference reference) || removalCause(reference) != null) {
        continue;
      }
      Set<CategoryCode> cause = null;
      for (Resource target : targets().of(reference)) {
        Set<CategoryCode> targetCause = modified.get(target);
        if (targetCause != null && removalCause(target) == null) {
          cause = union(cause, targetCause);
        }
      }
      if (cause == null) {
        continue;
      }
      for (Resource at = tree.owner(reference); at != null; at = tree.container(at)) {
        narrativeCause.computeIfAbsent(at, r -> new TreeSet<>()).addAll(cause);
      }
      if (reference.hasDisplay()
          && tree.contains(reference.getDisplayElement())
          && keptFor(reference.getDisplayElement()) == null) {
        account.removed(
            Removal.Kind.REFERENCE_DISPLAY, tree.path(reference.getDisplayElement()), cause);
        tree.removeAndPrune(reference.getDisplayElement());
      }
    }
    for (Resource resource : tree.resources()) {
      Set<CategoryCode> cause = narrativeCause.get(resource);
      if (cause == null
          || removalCause(resource) != null
          || !(resource instanceof DomainResource domain)
          || !domain.hasText()
          || keptFor(domain.getText()) != null) {
        continue;
      }
      account.removed(Removal.Kind.NARRATIVE, resource.fhirType() + ".text", cause);
      tree.removeAndPrune(domain.getText());
    }
  }

  private ReferenceTargets targets() {
    ReferenceTargets built = targets;
    if (built == null) {
      built = new ReferenceTargets(tree);
      targets = built;
    }
    return built;
  }

  private static Set<CategoryCode> union(@Nullable Set<CategoryCode> a, Set<CategoryCode> b) {
    Set<CategoryCode> union = new TreeSet<>(b);
    if (a != null) {
      union.addAll(a);
    }
    return union;
  }
}
