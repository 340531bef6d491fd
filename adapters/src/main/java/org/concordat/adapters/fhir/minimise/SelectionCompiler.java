package org.concordat.adapters.fhir.minimise;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.utilities.SourceLocation;
import org.jspecify.annotations.Nullable;

/**
 * Turns a protocol's FHIRPath selections into expressions that HAPI's R4 engine evaluates exactly,
 * or refuses them.
 *
 * <p>Standard FHIRPath names a choice element without its type ({@code Condition.onset}); protocols
 * also use the type-suffixed JSON names ({@code Condition.onsetDateTime}, {@code
 * MedicationStatement.medicationCodeableConcept}). HAPI's engine selects <em>nothing</em> for a
 * suffixed name in its default mode, and in its "polymorphic names" mode it selects nothing for the
 * plain name ({@code Observation.value}) instead, so neither mode is safe on its own: a selection
 * that silently selects nothing withholds nothing. Each suffixed name is therefore rewritten to the
 * standard form ({@code onset.ofType(dateTime)}) and the result is type-checked against the FHIR R4
 * definitions, so a misspelt element is refused when the minimiser is built, not discovered as a
 * leak.
 */
final class SelectionCompiler {
  private final FhirContext context;
  private final FHIRPathEngine engine;
  private final Map<String, ElementNames> namesByType = new HashMap<>();

  SelectionCompiler(FhirContext context, FHIRPathEngine engine) {
    this.context = context;
    this.engine = engine;
  }

  Selection compile(CategoryCode category, String resourceType, String source) {
    RuntimeResourceDefinition definition;
    try {
      definition = context.getResourceDefinition(resourceType);
    } catch (DataFormatException e) {
      throw new UnusableSelectionException(
          category,
          source,
          "is listed under " + resourceType + ", which FHIR R4 does not define",
          e);
    }
    ExpressionNode parsed = parse(category, source, source);
    String evaluated = rewriteChoiceNames(category, source, parsed, names(definition));
    try {
      // check() records types in the tree it checks, so check a tree of its own.
      engine.check(null, resourceType, resourceType, resourceType, engine.parse(evaluated));
    } catch (FHIRException e) {
      throw new UnusableSelectionException(
          category,
          source,
          "does not fit the FHIR R4 definition of " + resourceType + ": " + e.getMessage(),
          e);
    }
    ExpressionNode expression =
        evaluated.equals(source) ? parsed : parse(category, source, evaluated);
    return new Selection(category, resourceType, source, evaluated, expression);
  }

  private ExpressionNode parse(CategoryCode category, String source, String text) {
    try {
      return engine.parse(text);
    } catch (FHIRException e) {
      throw new UnusableSelectionException(
          category, source, "is not valid FHIRPath: " + e.getMessage(), e);
    }
  }

  /** A name to rewrite, where it starts in the text. */
  private record Rewrite(int offset, String name, ChoiceName choice) {}

  /** A type-suffixed name of a choice element: {@code onsetDateTime} is {@code onset}, dateTime. */
  private record ChoiceName(String base, String type) {}

  private String rewriteChoiceNames(
      CategoryCode category, String source, ExpressionNode parsed, ElementNames names) {
    List<Rewrite> rewrites = new ArrayList<>();
    collect(parsed, names, source, rewrites, category);
    if (rewrites.isEmpty()) {
      return source;
    }
    rewrites.sort(Comparator.comparingInt(Rewrite::offset).reversed());
    StringBuilder text = new StringBuilder(source);
    for (Rewrite rewrite : rewrites) {
      int length = rewrite.name().length();
      if (text.charAt(rewrite.offset()) == '`') {
        length += 2; // a delimited identifier: `onsetDateTime`
      }
      text.replace(
          rewrite.offset(),
          rewrite.offset() + length,
          rewrite.choice().base() + ".ofType(" + rewrite.choice().type() + ")");
    }
    return text.toString();
  }

  private void collect(
      ExpressionNode node,
      ElementNames names,
      String source,
      List<Rewrite> rewrites,
      CategoryCode category) {
    if (node.getKind() == ExpressionNode.Kind.Name) {
      ChoiceName choice = names.choiceName(node.getName());
      if (choice != null) {
        int offset = offset(source, node.getStart());
        boolean plain = source.startsWith(node.getName(), offset);
        boolean delimited = source.startsWith("`" + node.getName() + "`", offset);
        if (!plain && !delimited) {
          throw new UnusableSelectionException(
              category,
              source,
              "uses the choice name "
                  + node.getName()
                  + ", which could not be rewritten as "
                  + choice.base()
                  + ".ofType("
                  + choice.type()
                  + ")",
              null);
        }
        rewrites.add(new Rewrite(offset, node.getName(), choice));
      }
    }
    for (ExpressionNode next :
        new ExpressionNode[] {node.getInner(), node.getOpNext(), node.getGroup()}) {
      if (next != null) {
        collect(next, names, source, rewrites, category);
      }
    }
    List<ExpressionNode> parameters = node.getParameters();
    if (parameters != null) { // null on name and constant nodes
      for (ExpressionNode parameter : parameters) {
        collect(parameter, names, source, rewrites, category);
      }
    }
  }

  /** The offset of a 1-based line and column in {@code text}. */
  private static int offset(String text, SourceLocation location) {
    int offset = 0;
    for (int line = 1; line < location.getLine(); line++) {
      offset = text.indexOf('\n', offset) + 1;
    }
    return offset + location.getColumn() - 1;
  }

  private ElementNames names(RuntimeResourceDefinition definition) {
    return namesByType.computeIfAbsent(
        definition.getName(), type -> ElementNames.of(context, definition));
  }

  /**
   * The element names reachable from one resource type: plain ones, and the type-suffixed names of
   * its choice elements. A name that is both (no such name in R4, but a profile could add one) is
   * left alone and the type check decides.
   */
  private record ElementNames(Set<String> plain, Map<String, ChoiceName> choices) {
    private static final Set<String> EXTENSIONS = Set.of("extension", "modifierExtension");

    static ElementNames of(FhirContext context, RuntimeResourceDefinition resource) {
      Set<String> plain = new HashSet<>(EXTENSIONS);
      Map<String, ChoiceName> choices = new HashMap<>();
      Set<String> seen = new HashSet<>();
      List<BaseRuntimeElementCompositeDefinition<?>> todo = new ArrayList<>();
      todo.add(resource);
      if (context.getElementDefinition(Extension.class)
          instanceof BaseRuntimeElementCompositeDefinition<?> extension) {
        todo.add(extension); // for value[x]: extension children are walked no further, below
      }
      while (!todo.isEmpty()) {
        BaseRuntimeElementCompositeDefinition<?> definition = todo.remove(todo.size() - 1);
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
          if (EXTENSIONS.contains(child.getElementName())) {
            // HAPI's extension children list choice-like names they cannot resolve.
            continue;
          }
          boolean choice = child instanceof RuntimeChildChoiceDefinition;
          if (!choice) {
            plain.add(child.getElementName());
          }
          for (String name : child.getValidChildNames()) {
            BaseRuntimeElementDefinition<?> type = child.getChildByName(name);
            if (type == null) {
              continue;
            }
            if (choice && !name.equals(child.getElementName())) {
              choices.put(name, new ChoiceName(child.getElementName(), type.getName()));
            }
            if (type instanceof BaseRuntimeElementCompositeDefinition<?> composite
                && !(type instanceof RuntimeResourceDefinition)
                && seen.add(composite.getImplementingClass().getName())) {
              todo.add(composite);
            }
          }
        }
      }
      return new ElementNames(Set.copyOf(plain), Map.copyOf(choices));
    }

    @Nullable ChoiceName choiceName(String name) {
      return plain.contains(name) ? null : choices.get(name);
    }
  }
}
