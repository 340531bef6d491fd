package org.concordat.adapters.fhir.minimise;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Every element of one record with its place in its parent, found through HAPI's model definitions,
 * so that an element that FHIRPath selected can be found by identity and removed from where it is,
 * whatever its type (a list item, a single value, a choice, a contained resource, an extension of a
 * primitive).
 */
final class ContentTree {
  /**
   * Where an element sits.
   *
   * @param child the parent's child definition, or null for an extension of a primitive value
   * @param name the element's name in JSON, e.g. {@code onsetDateTime}
   */
  record Place(Base parent, @Nullable BaseRuntimeChildDefinition child, String name) {}

  private final FhirContext context;
  private final Resource root;
  private final Map<Base, Place> places = new IdentityHashMap<>();
  private final List<Base> order = new ArrayList<>();
  private final List<Resource> resources = new ArrayList<>();

  private ContentTree(FhirContext context, Resource root) {
    this.context = context;
    this.root = root;
  }

  static ContentTree of(FhirContext context, Resource root) {
    ContentTree tree = new ContentTree(context, root);
    tree.resources.add(root);
    tree.visit(root);
    return tree;
  }

  private void visit(Base node) {
    order.add(node);
    forEachChild(
        node,
        (child, place) -> {
          places.put(child, place);
          if (child instanceof Resource resource) {
            resources.add(resource);
          }
          visit(child);
        });
  }

  private interface ChildVisitor {
    void visit(Base child, Place place);
  }

  private void forEachChild(Base node, ChildVisitor visitor) {
    BaseRuntimeElementDefinition<?> definition =
        node instanceof Resource resource
            ? context.getResourceDefinition(resource)
            : context.getElementDefinition(node.getClass());
    if (definition instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
      for (BaseRuntimeChildDefinition child : composite.getChildren()) {
        for (IBase value : child.getAccessor().getValues(node)) {
          if (value instanceof Base element) {
            visitor.visit(element, new Place(node, child, nameOf(child, element)));
          }
        }
      }
    } else if (node instanceof Element primitive && primitive.hasExtension()) {
      for (Base extension : primitive.getExtension()) {
        visitor.visit(extension, new Place(node, null, "extension"));
      }
    }
  }

  private static String nameOf(BaseRuntimeChildDefinition child, Base value) {
    if (child instanceof RuntimeChildChoiceDefinition choice) {
      String name = choice.getChildNameByDatatype(value.getClass());
      if (name != null) {
        return name;
      }
    }
    return child.getElementName();
  }

  Resource root() {
    return root;
  }

  /** Every element, the root first, each before what it contains (document order). */
  List<Base> elements() {
    return order;
  }

  /** Every resource, the root first, in document order. */
  List<Resource> resources() {
    return resources;
  }

  boolean contains(Base element) {
    return element == root || places.containsKey(element);
  }

  /** The elements directly in {@code element} as it is now. */
  List<Base> children(Base element) {
    List<Base> children = new ArrayList<>();
    forEachChild(element, (child, place) -> children.add(child));
    return children;
  }

  /** Where {@code element} was when the tree was indexed; null for the root. */
  @Nullable Place place(Base element) {
    return places.get(element);
  }

  /** The parent {@code element} had when the tree was indexed; null for the root. */
  @Nullable Base parent(Base element) {
    Place place = places.get(element);
    return place == null ? null : place.parent();
  }

  /** The resource an element belongs to; a resource belongs to itself. */
  Resource owner(Base element) {
    Base at = element;
    while (!(at instanceof Resource resource)) {
      Base parent = parent(at);
      if (parent == null) {
        throw new IllegalArgumentException("Not an element of this record: " + element.fhirType());
      }
      at = parent;
    }
    return resource;
  }

  /** The resource that holds {@code resource} (contained, Bundle entry), or null for the root. */
  @Nullable Resource container(Resource resource) {
    Base parent = parent(resource);
    return parent == null ? null : owner(parent);
  }

  boolean isContained(Resource resource) {
    Place place = places.get(resource);
    return place != null && place.parent() instanceof Resource && "contained".equals(place.name());
  }

  /** The entry's full URL when {@code resource} is a Bundle entry's resource. */
  @Nullable String fullUrl(Resource resource) {
    Base parent = parent(resource);
    return parent instanceof Bundle.BundleEntryComponent entry && entry.hasFullUrl()
        ? entry.getFullUrl()
        : null;
  }

  /** {@code element}'s path from its resource type, e.g. {@code Patient.address.postalCode}. */
  String path(Base element) {
    if (element instanceof Resource resource) {
      return resource.fhirType();
    }
    List<String> names = new ArrayList<>();
    Base at = element;
    Place place = places.get(at);
    while (place != null && !(at instanceof Resource)) {
      names.add(place.name());
      at = place.parent();
      place = places.get(at);
    }
    StringBuilder path = new StringBuilder(at.fhirType());
    for (int i = names.size() - 1; i >= 0; i--) {
      path.append('.').append(names.get(i));
    }
    return path.toString();
  }

  /**
   * Removes {@code element} from its parent, then each parent that is left empty (up to, not
   * including, a resource), since an empty element carries nothing and is not valid FHIR.
   */
  void removeAndPrune(Base element) {
    Base at = element;
    while (true) {
      Base parent = remove(at);
      if (parent == null || parent instanceof Resource || !parent.isEmpty()) {
        return;
      }
      at = parent;
    }
  }

  /** Removes {@code element} from its parent and returns the parent (null for the root). */
  @Nullable Base remove(Base element) {
    Place place = places.get(element);
    if (place == null) {
      return null;
    }
    Base parent = place.parent();
    BaseRuntimeChildDefinition child = place.child();
    if (child == null) {
      ((Element) parent).getExtension().removeIf(extension -> extension == element);
      return parent;
    }
    List<IBase> values = child.getAccessor().getValues(parent);
    for (int index = 0; index < values.size(); index++) {
      if (values.get(index) == element) {
        if (child.getMax() == 1) {
          child.getMutator().setValue(parent, null);
        } else {
          child.getMutator().remove(parent, index);
        }
        break;
      }
    }
    return parent;
  }
}
