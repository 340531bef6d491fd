package org.concordat.adapters.mapping;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition.ChildTypeEnum;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseExtension;
import org.hl7.fhir.instance.model.api.IBaseHasExtensions;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.jspecify.annotations.Nullable;

/**
 * A path to one element of a FHIR resource, in a small grammar that can be both read and written
 * (docs/mappings.md, "Element paths"). It is a subset of FHIRPath:
 *
 * <pre>
 * path      = resource *( "." step )
 * step      = name [ ".where(" condition *( " and " condition ) ")" ] [ "[" index "]" ]
 * condition = name "=" "'" text "'"
 * </pre>
 *
 * <p>Reading follows the first match at every step (or the {@code [index]}th); writing finds the
 * same element or creates it, with the conditions' values set, so that what is written is found
 * again by reading. {@code extension.where(url='...')} steps reach extensions, and {@code
 * valueBoolean}, {@code valueCode} and the like their values. Paths are resolved against the FHIR
 * R4 definitions when a mapping is read, so a misspelt element is a problem in the mapping file,
 * not in a record. Immutable and thread-safe.
 */
final class ElementPath {

  /** What the path ends at, which decides how a value is written there. */
  enum Target {
    PRIMITIVE,
    CODING,
    CODEABLE_CONCEPT,
    HUMAN_NAME,
    REFERENCE,
    OTHER
  }

  /** A path that cannot be parsed or does not exist in FHIR R4. */
  static final class PathException extends Exception {
    private static final long serialVersionUID = 1L;

    PathException(String message) {
      super(message);
    }

    /** Always the message it was made with: never null, so it can be reported as it is. */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /** {@code name='value'} inside {@code where(...)}. */
  record Condition(String name, String value) {}

  /** One step as written. */
  record Syntax(String name, List<Condition> where, int index) {}

  private enum StepKind {
    CHILD,
    EXTENSION,
    EXTENSION_VALUE
  }

  /** One step resolved against the FHIR definitions. */
  private record Step(
      Syntax syntax,
      StepKind kind,
      @Nullable BaseRuntimeChildDefinition child,
      BaseRuntimeElementDefinition<?> element,
      List<ResolvedCondition> conditions,
      boolean repeats) {}

  private record ResolvedCondition(
      Condition condition,
      BaseRuntimeChildDefinition child,
      BaseRuntimeElementDefinition<?> element) {}

  private final String text;
  private final String resourceType;
  private final List<Step> steps;
  private final Target target;

  private ElementPath(String text, String resourceType, List<Step> steps, Target target) {
    this.text = text;
    this.resourceType = resourceType;
    this.steps = steps;
    this.target = target;
  }

  String text() {
    return text;
  }

  Target target() {
    return target;
  }

  /** The type name of the element the path ends at, e.g. {@code date} or {@code Coding}. */
  String targetType() {
    return steps.isEmpty() ? resourceType : steps.get(steps.size() - 1).element().getName();
  }

  /** Whether the last step may repeat (so a separated value can fill several of them). */
  boolean lastRepeats() {
    return !steps.isEmpty() && steps.get(steps.size() - 1).repeats();
  }

  // ---- parsing
  // -----------------------------------------------------------------------------------

  /**
   * Splits {@code text} into its leading name and steps. With {@code head}, the first name is the
   * resource name and is returned first as a step with no conditions.
   */
  static List<Syntax> parse(String text) throws PathException {
    Parser parser = new Parser(text);
    List<Syntax> steps = new ArrayList<>();
    steps.add(parser.step());
    while (!parser.atEnd()) {
      parser.expect('.');
      steps.add(parser.step());
    }
    return steps;
  }

  /**
   * Resolves steps (without the resource name) against the definition of {@code resourceType}.
   *
   * @param text the path as written, for messages
   */
  static ElementPath resolve(
      FhirContext context, String text, String resourceType, List<Syntax> syntax)
      throws PathException {
    BaseRuntimeElementDefinition<?> current = context.getResourceDefinition(resourceType);
    String where = resourceType;
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < syntax.size(); i++) {
      Syntax s = syntax.get(i);
      Step step;
      boolean isExtension = s.name().equals("extension") || s.name().equals("modifierExtension");
      if (isExtension) {
        step = extensionStep(context, s, where);
      } else if (!steps.isEmpty()
          && steps.get(steps.size() - 1).kind() == StepKind.EXTENSION
          && s.name().startsWith("value")) {
        step = extensionValueStep(context, s, where);
      } else {
        step = childStep(s, current, where);
      }
      steps.add(step);
      current = step.element();
      where = where + "." + s.name();
      if (step.element().getChildType() == ChildTypeEnum.RESOURCE
          || step.element().getChildType() == ChildTypeEnum.CONTAINED_RESOURCES
          || step.element().getChildType() == ChildTypeEnum.CONTAINED_RESOURCE_LIST) {
        throw new PathException(
            where + " holds whole resources; an element path stays inside one resource");
      }
      if (IPrimitiveType.class.isAssignableFrom(current.getImplementingClass())
          && i < syntax.size() - 1) {
        throw new PathException(
            where + " is a " + current.getName() + " value; nothing can follow it in the path");
      }
    }
    if (!steps.isEmpty() && steps.get(steps.size() - 1).kind() == StepKind.EXTENSION) {
      throw new PathException(
          text + " ends at an extension; add its value, e.g. .valueString or .valueBoolean");
    }
    return new ElementPath(text, resourceType, List.copyOf(steps), targetOf(current));
  }

  private static Step childStep(Syntax s, BaseRuntimeElementDefinition<?> parent, String where)
      throws PathException {
    if (!(parent instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      throw new PathException(where + " has no elements inside it");
    }
    BaseRuntimeChildDefinition child = composite.getChildByName(s.name());
    if (child == null) {
      for (BaseRuntimeChildDefinition candidate : composite.getChildren()) {
        String element = candidate.getElementName();
        if (element.equals(s.name()) || element.equals(s.name() + "[x]")) {
          throw new PathException(
              where
                  + "."
                  + s.name()
                  + " is a choice of types; name one: "
                  + String.join(", ", new java.util.TreeSet<>(candidate.getValidChildNames())));
        }
      }
      throw new PathException(where + " has no element '" + s.name() + "'" + hint(composite, s));
    }
    BaseRuntimeElementDefinition<?> element = child.getChildByName(s.name());
    if (element == null) {
      throw new PathException(
          where
              + "."
              + s.name()
              + " is a choice of types; name one, e.g. "
              + s.name()
              + "String or "
              + s.name()
              + "CodeableConcept");
    }
    boolean repeats = child.getMax() != 1;
    if (!repeats && s.index() > 0) {
      throw new PathException(
          where + "." + s.name() + " does not repeat, so it has no [" + s.index() + "]");
    }
    return new Step(s, StepKind.CHILD, child, element, conditions(s, element, where), repeats);
  }

  private static String hint(BaseRuntimeElementCompositeDefinition<?> composite, Syntax s) {
    String lower = s.name().toLowerCase(Locale.ROOT);
    for (BaseRuntimeChildDefinition child : composite.getChildren()) {
      for (String name : child.getValidChildNames()) {
        if (name.toLowerCase(Locale.ROOT).equals(lower)) {
          return "; did you mean '" + name + "'?";
        }
      }
    }
    return "";
  }

  private static Step extensionStep(FhirContext context, Syntax s, String where)
      throws PathException {
    if (s.where().size() != 1 || !s.where().get(0).name().equals("url")) {
      throw new PathException(
          where
              + "."
              + s.name()
              + " needs exactly one condition on its url: "
              + s.name()
              + ".where(url='https://...')");
    }
    BaseRuntimeElementDefinition<?> extension = context.getElementDefinition("Extension");
    if (extension == null) {
      throw new PathException("This FHIR version has no Extension type");
    }
    return new Step(s, StepKind.EXTENSION, null, extension, List.of(), true);
  }

  private static Step extensionValueStep(FhirContext context, Syntax s, String where)
      throws PathException {
    String type = s.name().substring("value".length());
    BaseRuntimeElementDefinition<?> element =
        type.isEmpty()
            ? null
            : context.getElementDefinition(
                Character.toLowerCase(type.charAt(0)) + type.substring(1));
    if (element == null) {
      element = type.isEmpty() ? null : context.getElementDefinition(type);
    }
    if (element == null || !s.where().isEmpty() || s.index() > 0) {
      throw new PathException(
          where + "." + s.name() + " is not an extension value such as valueString or valueCode");
    }
    return new Step(s, StepKind.EXTENSION_VALUE, null, element, List.of(), false);
  }

  private static List<ResolvedCondition> conditions(
      Syntax s, BaseRuntimeElementDefinition<?> element, String where) throws PathException {
    List<ResolvedCondition> resolved = new ArrayList<>();
    for (Condition condition : s.where()) {
      BaseRuntimeChildDefinition child =
          element instanceof BaseRuntimeElementCompositeDefinition<?> composite
              ? composite.getChildByName(condition.name())
              : null;
      BaseRuntimeElementDefinition<?> value =
          child == null ? null : child.getChildByName(condition.name());
      if (child == null
          || value == null
          || !IPrimitiveType.class.isAssignableFrom(value.getImplementingClass())) {
        throw new PathException(
            where
                + "."
                + s.name()
                + ".where("
                + condition.name()
                + "=...): "
                + condition.name()
                + " is not a single value inside "
                + s.name());
      }
      resolved.add(new ResolvedCondition(condition, child, value));
    }
    return List.copyOf(resolved);
  }

  private static Target targetOf(BaseRuntimeElementDefinition<?> element) {
    if (IPrimitiveType.class.isAssignableFrom(element.getImplementingClass())) {
      return Target.PRIMITIVE;
    }
    return switch (element.getName()) {
      case "Coding" -> Target.CODING;
      case "CodeableConcept" -> Target.CODEABLE_CONCEPT;
      case "HumanName" -> Target.HUMAN_NAME;
      case "Reference" -> Target.REFERENCE;
      default -> Target.OTHER;
    };
  }

  /** Whether {@code text} is a valid value for the primitive the path ends at. */
  boolean accepts(String text) {
    if (target != Target.PRIMITIVE) {
      return false;
    }
    try {
      setPrimitive(newLastValue(), text);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Sets a primitive from its text, as HAPI parses it from JSON (so its checks apply). */
  static void setPrimitive(IBase value, String text) {
    ((IPrimitiveType<?>) value).setValueAsString(text);
  }

  private IBase newLastValue() {
    Step last = steps.get(steps.size() - 1);
    BaseRuntimeChildDefinition child = last.child();
    return child == null
        ? last.element().newInstance()
        : last.element().newInstance(child.getInstanceConstructorArguments());
  }

  // ---- reading
  // -----------------------------------------------------------------------------------

  /**
   * The elements the path reaches in {@code resource}: at most one, following the first match (or
   * the indexed one) at every step, unless {@code allOfLast}, which keeps every match of the last
   * step (for a value spread over repeats, such as given names).
   */
  List<IBase> read(IBase resource, boolean allOfLast) {
    List<IBase> current = List.of(resource);
    for (int i = 0; i < steps.size(); i++) {
      if (current.isEmpty()) {
        return List.of();
      }
      Step step = steps.get(i);
      List<IBase> matches = matches(current.get(0), step);
      boolean last = i == steps.size() - 1;
      if (last && allOfLast && step.syntax().index() < 0) {
        current = matches;
      } else {
        int index = Math.max(step.syntax().index(), 0);
        current = matches.size() > index ? List.of(matches.get(index)) : List.of();
      }
    }
    return current;
  }

  private static List<IBase> matches(IBase parent, Step step) {
    List<IBase> found = new ArrayList<>();
    switch (step.kind()) {
      case EXTENSION -> {
        if (parent instanceof IBaseHasExtensions has) {
          String url = step.syntax().where().get(0).value();
          for (IBaseExtension<?, ?> extension : has.getExtension()) {
            if (url.equals(extension.getUrl())) {
              found.add(extension);
            }
          }
        }
      }
      case EXTENSION_VALUE -> {
        if (parent instanceof IBaseExtension<?, ?> extension
            && extension.getValue() != null
            && step.element().getImplementingClass().isInstance(extension.getValue())) {
          found.add(extension.getValue());
        }
      }
      case CHILD -> {
        BaseRuntimeChildDefinition child = step.child();
        if (child != null) {
          for (IBase value : child.getAccessor().getValues(parent)) {
            if (step.element().getImplementingClass().isInstance(value)
                && satisfies(value, step.conditions())) {
              found.add(value);
            }
          }
        }
      }
    }
    return found;
  }

  private static boolean satisfies(IBase element, List<ResolvedCondition> conditions) {
    for (ResolvedCondition c : conditions) {
      boolean any = false;
      for (IBase value : c.child().getAccessor().getValues(element)) {
        if (value instanceof IPrimitiveType<?> primitive
            && c.condition().value().equals(primitive.getValueAsString())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  // ---- writing
  // -----------------------------------------------------------------------------------

  /**
   * The element the path reaches in {@code resource}, created (with its conditions' values) where
   * it is missing, as is every element on the way.
   *
   * @param appendLast add a new element at the last step even if one exists (to fill repeats)
   */
  IBase locate(IBase resource, boolean appendLast) {
    IBase current = resource;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean last = i == steps.size() - 1;
      List<IBase> matches = matches(current, step);
      int index = Math.max(step.syntax().index(), 0);
      if (last && appendLast) {
        current = create(current, step);
      } else if (matches.size() > index) {
        current = matches.get(index);
      } else {
        IBase created = current;
        for (int n = matches.size(); n <= index; n++) {
          created = create(current, step);
        }
        current = created;
      }
    }
    return current;
  }

  /** Removes every value the last step holds in its parent (creating the parent if needed). */
  void clearLast(IBase resource) {
    if (steps.isEmpty()) {
      return;
    }
    Step last = steps.get(steps.size() - 1);
    if (last.kind() != StepKind.CHILD || last.child() == null || !last.repeats()) {
      return;
    }
    IBase parent = prefix().locate(resource, false);
    BaseRuntimeChildDefinition child = last.child();
    List<IBase> values = child.getAccessor().getValues(parent);
    for (int i = values.size() - 1; i >= 0; i--) {
      child.getMutator().remove(parent, i);
    }
  }

  private ElementPath prefix() {
    List<Step> shorter = steps.subList(0, steps.size() - 1);
    return new ElementPath(text, resourceType, shorter, Target.OTHER);
  }

  private static IBase create(IBase parent, Step step) {
    switch (step.kind()) {
      case EXTENSION -> {
        IBaseExtension<?, ?> extension = ((IBaseHasExtensions) parent).addExtension();
        extension.setUrl(step.syntax().where().get(0).value());
        return extension;
      }
      case EXTENSION_VALUE -> {
        IBase value = step.element().newInstance();
        ((IBaseExtension<?, ?>) parent)
            .setValue((org.hl7.fhir.instance.model.api.IBaseDatatype) value);
        return value;
      }
      case CHILD -> {
        BaseRuntimeChildDefinition child = step.child();
        if (child == null) {
          throw new IllegalStateException("A child step without its definition: " + step);
        }
        IBase value = step.element().newInstance(child.getInstanceConstructorArguments());
        for (ResolvedCondition c : step.conditions()) {
          IPrimitiveType<?> primitive =
              (IPrimitiveType<?>)
                  c.element().newInstance(c.child().getInstanceConstructorArguments());
          primitive.setValueAsString(c.condition().value());
          if (c.child().getMax() == 1) {
            c.child().getMutator().setValue(value, primitive);
          } else {
            c.child().getMutator().addValue(value, primitive);
          }
        }
        if (step.repeats()) {
          child.getMutator().addValue(parent, value);
        } else {
          child.getMutator().setValue(parent, value);
        }
        return value;
      }
    }
    throw new IllegalStateException("Unknown step kind " + step.kind());
  }

  @Override
  public String toString() {
    return text;
  }

  /** A hand-written scanner: the grammar is small and its errors should say where. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at >= text.length();
    }

    void expect(char c) throws PathException {
      if (atEnd() || text.charAt(at) != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    Syntax step() throws PathException {
      String name = name();
      List<Condition> where = new ArrayList<>();
      int index = -1;
      if (text.startsWith(".where(", at)) {
        at += ".where(".length();
        where.add(condition());
        while (text.startsWith(" and ", at)) {
          at += " and ".length();
          where.add(condition());
        }
        expect(')');
      }
      if (!atEnd() && text.charAt(at) == '[') {
        at++;
        int start = at;
        while (!atEnd() && Character.isDigit(text.charAt(at))) {
          at++;
        }
        if (start == at || at - start > 4) {
          throw error("expected an index such as [0]");
        }
        index = Integer.parseInt(text.substring(start, at));
        expect(']');
      }
      return new Syntax(name, List.copyOf(where), index);
    }

    private Condition condition() throws PathException {
      String name = name();
      skipSpaces();
      expect('=');
      skipSpaces();
      expect('\'');
      StringBuilder value = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw error("the quoted text is not closed with '");
        }
        char c = text.charAt(at++);
        if (c == '\'') {
          break;
        }
        if (c == '\\') {
          if (atEnd()) {
            throw error("a \\ must be followed by ' or \\");
          }
          c = text.charAt(at++);
          if (c != '\'' && c != '\\') {
            throw error("a \\ must be followed by ' or \\");
          }
        }
        value.append(c);
      }
      return new Condition(name, value.toString());
    }

    private void skipSpaces() {
      while (!atEnd() && text.charAt(at) == ' ') {
        at++;
      }
    }

    private String name() throws PathException {
      int start = at;
      if (atEnd() || !Character.isLetter(text.charAt(at)) || text.charAt(at) > 'z') {
        throw error("expected an element name");
      }
      while (!atEnd()
          && text.charAt(at) <= 'z'
          && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
        at++;
      }
      return text.substring(start, at);
    }

    private PathException error(String what) {
      return new PathException(
          "The path '" + text + "' cannot be read at character " + (at + 1) + ": " + what);
    }
  }
}
