package org.concordat.adapters.fhir.consent;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentDirective.Kind;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.Purpose;
import org.concordat.protocols.sharing.PurposeCode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Consent.provisionActorComponent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Flattens a Consent's provision tree into directives. The root provision becomes one directive;
 * each nested provision becomes another whose kind is its own type and whose unstated dimensions
 * (purpose, recipients, categories, period) are its parent's.
 *
 * <p>The decision engine lets any covering refusal win over every permission, so a deny nested in a
 * permit (an exception to it) flattens exactly. A permit nested in a deny cannot be represented and
 * is refused, as is a nested provision of the same type that names more than its parent (it would
 * widen it). Everything Concordat cannot enforce is refused rather than ignored: ignoring a
 * condition would widen the provision, which for a permit shares more than the person agreed to.
 */
final class ProvisionReader {
  /** Levels of nesting below the root: more than any real consent form needs; bounds recursion. */
  static final int MAX_DEPTH = 8;

  /** More provisions than any real consent form needs; bounds the work. */
  static final int MAX_PROVISIONS = 100;

  private static final Set<String> RECIPIENT_ROLES = Set.of("IRCP", "PRCP");
  private static final Map<String, String> ROLE_NAMES =
      Map.of(
          "AUT", "author",
          "CST", "custodian",
          "INF", "informant",
          "LA", "legal authenticator",
          "TRC", "tracker",
          "WIT", "witness",
          "CON", "consultant",
          "PART", "participant");
  private static final Set<String> PERSON_TYPES =
      Set.of("Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Person");
  private static final Set<String> DISCLOSING_ACTIONS = Set.of("access", "use", "disclose");
  private static final Set<String> ACTIONS =
      Set.of("collect", "access", "use", "disclose", "correct");

  private final Protocol protocol;
  private final Problems problems;
  private final String reference;
  private final List<ConsentDirective> directives = new ArrayList<>();
  private int provisions;

  ProvisionReader(Protocol protocol, Problems problems, String reference) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.problems = Objects.requireNonNull(problems, "problems");
    this.reference = Objects.requireNonNull(reference, "reference");
  }

  /**
   * The directives of {@code root} (an empty provision when the Consent has none), whose kind has
   * been settled from {@code provision.type} and {@code policyRule}. Problems are added to the
   * collector; the directives are meaningful only when there are none.
   */
  List<ConsentDirective> flatten(ProvisionComponent root, Kind rootKind) {
    Scope scope = walk(root, "Consent.provision", rootKind, null, 0);
    // Only when none is stated: a purpose that could not be read is a problem of its own.
    if (scope != null && rootKind == Kind.PERMIT && !root.hasPurpose()) {
      problems.add(
          "Consent.provision.purpose",
          "a permit names the purposes the person agrees to (UK GDPR consent is specific); this one"
              + " names none, so it would cover every purpose of the protocol, including purposes"
              + " added to later versions");
    }
    return List.copyOf(directives);
  }

  /** What a provision covers once its parent's dimensions are inherited. */
  private record Scope(
      Kind kind,
      Set<PurposeCode> purposes,
      Set<OdsCode> recipients,
      Set<CategoryCode> categories,
      @Nullable Instant start,
      @Nullable Instant end) {}

  private @Nullable Scope walk(
      ProvisionComponent provision, String path, Kind kind, @Nullable Scope parent, int depth) {
    if (++provisions > MAX_PROVISIONS) {
      if (provisions == MAX_PROVISIONS + 1) {
        problems.add(
            path,
            "the Consent has more than "
                + MAX_PROVISIONS
                + " provisions; record the person's wishes in fewer");
      }
      return null;
    }
    checkUnenforceable(provision, path);
    checkActions(provision, path);
    Set<PurposeCode> purposes = purposes(provision, path);
    Set<OdsCode> recipients = recipients(provision, path);
    Set<CategoryCode> categories = categories(provision, path, kind);
    boolean narrowsParent = parent != null && parent.kind == kind;
    Scope scope =
        new Scope(
            kind,
            inherit(
                purposes, parent == null ? null : parent.purposes, narrowsParent, path, ".purpose"),
            inherit(
                recipients,
                parent == null ? null : parent.recipients,
                narrowsParent,
                path,
                ".actor"),
            inherit(
                categories,
                parent == null ? null : parent.categories,
                narrowsParent,
                path,
                ".code/.class"),
            null,
            null);
    scope = withPeriod(scope, provision, path, parent, narrowsParent);
    if (scope.start == null || scope.end == null || scope.start.isBefore(scope.end)) {
      directives.add(
          new ConsentDirective(
              reference,
              kind,
              scope.purposes,
              scope.recipients,
              scope.categories,
              scope.start,
              scope.end));
    }
    List<ProvisionComponent> nested = provision.getProvision();
    for (int i = 0; i < nested.size(); i++) {
      String nestedPath = path + ".provision[" + i + "]";
      if (depth + 1 > MAX_DEPTH) {
        problems.add(
            nestedPath,
            "provisions are nested more than " + MAX_DEPTH + " deep; record them less deeply");
        continue;
      }
      ProvisionComponent child = nested.get(i);
      Kind childKind = kind;
      if (!child.hasType() || child.getType() == ConsentProvisionType.NULL) {
        problems.add(
            nestedPath + ".type",
            "is missing: a nested provision is an exception to the provision it belongs to, and"
                + " says whether it permits or denies");
      } else {
        childKind = child.getType() == ConsentProvisionType.PERMIT ? Kind.PERMIT : Kind.DENY;
      }
      if (kind == Kind.DENY && childKind == Kind.PERMIT) {
        problems.add(
            nestedPath,
            "a permit inside a deny (an exception to a refusal) cannot be recorded faithfully:"
                + " Concordat lets any refusal that covers a disclosure win over every"
                + " permission, so the exception would have no effect. Record instead a deny that"
                + " names only what the person refuses (its purposes, recipients or data"
                + " categories), or a permit with deny exceptions");
      }
      walk(child, nestedPath, childKind, scope, depth + 1);
    }
    return scope;
  }

  /**
   * A stated dimension stands; an unstated one is the parent's. A nested provision of its parent's
   * type only narrows it, so it may not name what the parent does not cover.
   */
  private <T extends Comparable<T>> Set<T> inherit(
      @Nullable Set<T> own,
      @Nullable Set<T> parents,
      boolean narrowsParent,
      String path,
      String element) {
    if (own == null) {
      return parents == null ? Set.of() : parents;
    }
    if (narrowsParent && parents != null && !parents.isEmpty() && !parents.containsAll(own)) {
      Set<T> extra = new TreeSet<>(own);
      extra.removeAll(parents);
      problems.add(
          path + element,
          "names "
              + joined(extra)
              + ", which the provision it belongs to does not cover; a nested provision of the"
              + " same type only narrows its parent. Add them to the parent, or record them in a"
              + " provision of their own");
    }
    return own;
  }

  private Scope withPeriod(
      Scope scope,
      ProvisionComponent provision,
      String path,
      @Nullable Scope parent,
      boolean narrowsParent) {
    Instant start = parent == null ? null : parent.start;
    Instant end = parent == null ? null : parent.end;
    if (provision.hasPeriod()) {
      Period period = provision.getPeriod();
      if (period.hasStart()) {
        Instant own = instant(period.getStartElement().getValueAsString(), path, ".start");
        if (own != null && narrowsParent && start != null && own.isBefore(start)) {
          problems.add(
              path + ".period.start",
              "is before the start of the provision it belongs to; a nested provision of the same"
                  + " type only narrows its parent");
        }
        start = own;
      }
      if (period.hasEnd()) {
        Instant own = instant(period.getEndElement().getValueAsString(), path, ".end");
        if (own != null && narrowsParent && end != null && own.isAfter(end)) {
          problems.add(
              path + ".period.end",
              "is after the end of the provision it belongs to; a nested provision of the same"
                  + " type only narrows its parent");
        }
        end = own;
      }
    }
    if (start != null && end != null && !start.isBefore(end)) {
      problems.add(path + ".period", "ends before it starts, so it never applies");
    }
    return new Scope(scope.kind, scope.purposes, scope.recipients, scope.categories, start, end);
  }

  private @Nullable Instant instant(@Nullable String value, String path, String bound) {
    if (value == null || value.isBlank()) {
      problems.add(path + ".period" + bound, "has no value");
      return null;
    }
    try {
      return bound.equals(".start") ? ConsentDates.start(value) : ConsentDates.endExclusive(value);
    } catch (DateTimeException e) {
      problems.add(path + ".period" + bound, "cannot be read: " + e.getMessage());
      return null;
    }
  }

  private void checkUnenforceable(ProvisionComponent provision, String path) {
    for (Extension e : provision.getModifierExtension()) {
      problems.add(
          path + ".modifierExtension",
          "Concordat does not understand the modifier extension "
              + shown(e.getUrl())
              + ", which may change what the provision means");
    }
    for (Extension e : provision.getExtension()) {
      if (e.getUrl() != null && e.getUrl().startsWith(ConsentFormat.EXTENSION_PREFIX)) {
        problems.add(
            path + ".extension",
            "Concordat defines no provision extension " + shown(e.getUrl()) + "; check its URL");
      }
    }
    if (provision.hasData()) {
      String records =
          provision.getData().stream()
              .map(d -> d.getReference().hasReference() ? d.getReference().getReference() : "?")
              .map(ProvisionReader::shown)
              .collect(Collectors.joining(", "));
      problems.add(
          path + ".data",
          "Concordat enforces consent by purpose, recipient and data category; it cannot enforce a"
              + " directive about particular records ("
              + records
              + "). Record the data categories those records belong to (provision.code) instead");
    }
    if (provision.hasSecurityLabel()) {
      problems.add(
          path + ".securityLabel",
          "Concordat does not read security labels on records, so a directive about labelled"
              + " records cannot be enforced. Record the data categories instead (provision.code)");
    }
    if (provision.hasDataPeriod()) {
      problems.add(
          path + ".dataPeriod",
          "Concordat cannot select records by when they were made, so a directive about the data"
              + " of a period cannot be enforced. provision.period says when a directive applies");
    }
  }

  private void checkActions(ProvisionComponent provision, String path) {
    Set<String> actions = new TreeSet<>();
    List<CodeableConcept> stated = provision.getAction();
    for (int i = 0; i < stated.size(); i++) {
      List<String> codes =
          stated.get(i).getCoding().stream()
              .filter(c -> ConsentFormat.CONSENT_ACTION_SYSTEM.equals(c.getSystem()))
              .map(Coding::getCode)
              .filter(Objects::nonNull)
              .toList();
      if (codes.isEmpty() || !ACTIONS.containsAll(codes)) {
        problems.add(
            path + ".action[" + i + "]",
            describe(stated.get(i))
                + " is not an action Concordat reads (access, use, disclose, collect or correct from "
                + ConsentFormat.CONSENT_ACTION_SYSTEM
                + ")");
      }
      actions.addAll(codes);
    }
    if (!actions.isEmpty()
        && ACTIONS.containsAll(actions)
        && actions.stream().noneMatch(DISCLOSING_ACTIONS::contains)) {
      problems.add(
          path + ".action",
          "Concordat decides disclosures; a provision only about "
              + String.join(" and ", actions)
              + " is not one. Use access, use or disclose, or leave action out");
    }
  }

  private @Nullable Set<PurposeCode> purposes(ProvisionComponent provision, String path) {
    if (!provision.hasPurpose()) {
      return null;
    }
    Set<PurposeCode> purposes = new TreeSet<>();
    List<Coding> codings = provision.getPurpose();
    for (int i = 0; i < codings.size(); i++) {
      Coding coding = codings.get(i);
      String element = path + ".purpose[" + i + "]";
      String code = coding.getCode();
      if (code == null || code.isBlank()) {
        problems.add(element, "has no code");
      } else if (ConsentFormat.SHARING_PURPOSE_SYSTEM.equals(coding.getSystem())) {
        Purpose purpose = protocolPurpose(code);
        if (purpose == null) {
          problems.add(
              element,
              "'"
                  + shown(code)
                  + "' is not a purpose that "
                  + protocolName()
                  + " defines (it defines "
                  + purposeCodes()
                  + ")");
        } else {
          purposes.add(purpose.code());
        }
      } else if (ConsentFormat.ACT_REASON_SYSTEM.equals(coding.getSystem())) {
        String mapped = ConsentFormat.ACT_REASON_PURPOSES.get(code);
        Purpose purpose = mapped == null ? null : protocolPurpose(mapped);
        if (mapped == null) {
          problems.add(
              element,
              "v3-ActReason "
                  + shown(code)
                  + " is not a purpose this partnership's protocol defines. Concordat reads only "
                  + actReasonTable()
                  + " from v3-ActReason; use a purpose code from "
                  + ConsentFormat.SHARING_PURPOSE_SYSTEM);
        } else if (purpose == null) {
          problems.add(
              element,
              "v3-ActReason "
                  + code
                  + " means "
                  + mapped
                  + ", which is not a purpose that "
                  + protocolName()
                  + " defines");
        } else {
          purposes.add(purpose.code());
        }
      } else {
        problems.add(
            element,
            "the purpose system "
                + shown(coding.getSystem())
                + " is not one Concordat reads; use a purpose code from "
                + ConsentFormat.SHARING_PURPOSE_SYSTEM);
      }
    }
    return purposes;
  }

  private @Nullable Set<OdsCode> recipients(ProvisionComponent provision, String path) {
    if (!provision.hasActor()) {
      return null;
    }
    Set<OdsCode> recipients = new TreeSet<>();
    List<provisionActorComponent> actors = provision.getActor();
    for (int i = 0; i < actors.size(); i++) {
      provisionActorComponent actor = actors.get(i);
      String element = path + ".actor[" + i + "]";
      if (actor.hasModifierExtension()) {
        problems.add(
            element + ".modifierExtension",
            "Concordat does not understand a modifier extension on an actor");
      }
      if (isRecipientRole(actor.getRole(), element + ".role")) {
        OdsCode recipient = recipient(actor.getReference(), element + ".reference");
        if (recipient != null) {
          recipients.add(recipient);
        }
      }
    }
    return recipients;
  }

  private boolean isRecipientRole(CodeableConcept role, String element) {
    Coding coding =
        role.getCoding().stream()
            .filter(c -> ConsentFormat.PARTICIPATION_TYPE_SYSTEM.equals(c.getSystem()))
            .filter(Coding::hasCode)
            .findFirst()
            .orElse(null);
    if (coding == null) {
      problems.add(
          element,
          (role.hasCoding() ? describe(role) + " is not a role Concordat reads" : "is missing")
              + "; a recipient has role IRCP (information recipient) or PRCP (primary information"
              + " recipient) from "
              + ConsentFormat.PARTICIPATION_TYPE_SYSTEM);
      return false;
    }
    String code = coding.getCode();
    if (RECIPIENT_ROLES.contains(code)) {
      return true;
    }
    String name = ROLE_NAMES.get(code);
    problems.add(
        element,
        "the role "
            + shown(code)
            + (name == null ? "" : " (" + name + ")")
            + " limits the provision by who holds, wrote or takes part in a record; Concordat's"
            + " directives say only which organisation may receive a record, so this cannot be"
            + " enforced. Name the receiving organisation with role IRCP (information recipient)");
    return false;
  }

  private @Nullable OdsCode recipient(Reference reference, String element) {
    Identifier identifier = reference.getIdentifier();
    if (reference.hasIdentifier()
        && ConsentFormat.ODS_ORGANISATION_SYSTEM.equals(identifier.getSystem())) {
      String value = identifier.hasValue() ? identifier.getValue().strip() : "";
      if (value.isEmpty()) {
        problems.add(element + ".identifier", "the ODS code has no value");
        return null;
      }
      OdsCode ods;
      try {
        ods = OdsCode.of(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(element + ".identifier", "is not an ODS code (3 to 10 letters or digits)");
        return null;
      }
      if (protocol.party(ods).isEmpty()) {
        problems.add(
            element + ".identifier",
            "'"
                + ods
                + "' is not a party to "
                + protocolName()
                + " (its parties are "
                + protocol.parties().stream()
                    .map(p -> p.ods().value())
                    .sorted()
                    .collect(Collectors.joining(", "))
                + ")");
        return null;
      }
      return ods;
    }
    String type = referenceType(reference);
    String named =
        reference.hasReference()
            ? shown(reference.getReference())
            : reference.hasIdentifier()
                ? "an identifier with system " + shown(identifier.getSystem())
                : "nothing";
    if ((type != null && PERSON_TYPES.contains(type))
        || (reference.hasIdentifier()
            && ConsentFormat.NHS_NUMBER_SYSTEM.equals(identifier.getSystem()))) {
      problems.add(
          element,
          "Concordat decides disclosures between organisations; "
              + (reference.hasReference() ? named : "this actor")
              + " is a person, so a directive about them cannot be enforced. Name the"
              + " organisation they belong to by its ODS code, or record the wish in the"
              + " person's care record");
      return null;
    }
    problems.add(
        element,
        "the recipient is identified by an ODS code (identifier system "
            + ConsentFormat.ODS_ORGANISATION_SYSTEM
            + "), but this Consent refers to "
            + named
            + " only");
    return null;
  }

  private @Nullable Set<CategoryCode> categories(
      ProvisionComponent provision, String path, Kind kind) {
    Set<CategoryCode> byCode = provision.hasCode() ? categoriesByCode(provision, path) : null;
    Set<CategoryCode> byClass =
        provision.hasClass_() ? categoriesByClass(provision, path, kind) : null;
    if (byCode == null || byClass == null) {
      return byCode == null ? byClass : byCode;
    }
    // A record must match both the code and the class of a provision.
    Set<CategoryCode> both = new TreeSet<>(byCode);
    both.retainAll(byClass);
    if (both.isEmpty() && !byCode.isEmpty() && !byClass.isEmpty()) {
      problems.add(
          path + ".code",
          "no data category named in provision.code is selected from the resource types in"
              + " provision.class, so together they select nothing. Use one or the other");
    }
    return both;
  }

  private Set<CategoryCode> categoriesByCode(ProvisionComponent provision, String path) {
    Set<CategoryCode> categories = new TreeSet<>();
    List<CodeableConcept> codes = provision.getCode();
    for (int i = 0; i < codes.size(); i++) {
      String element = path + ".code[" + i + "]";
      Set<String> values =
          codes.get(i).getCoding().stream()
              .filter(c -> ConsentFormat.DATA_CATEGORY_SYSTEM.equals(c.getSystem()))
              .map(Coding::getCode)
              .filter(Objects::nonNull)
              .collect(Collectors.toCollection(LinkedHashSet::new));
      if (values.isEmpty()) {
        problems.add(
            element,
            describe(codes.get(i))
                + " is not a data category; use a code from "
                + ConsentFormat.DATA_CATEGORY_SYSTEM
                + " ("
                + protocolName()
                + " defines "
                + categoryCodes()
                + ")");
        continue;
      }
      if (values.size() > 1) {
        problems.add(
            element,
            "has more than one data category code; the codings of one concept translate each"
                + " other, so give each category as a code of its own");
      }
      for (String value : values) {
        DataCategory category = protocolCategory(value);
        if (category == null) {
          problems.add(
              element,
              "'"
                  + shown(value)
                  + "' is not a data category that "
                  + protocolName()
                  + " defines (it defines "
                  + categoryCodes()
                  + ")");
        } else {
          categories.add(category.code());
        }
      }
    }
    return categories;
  }

  /**
   * Every category with a FHIR selection on one of the classes. A permit must cover each such
   * category whole, since permitting a category permits all of its selections.
   */
  private Set<CategoryCode> categoriesByClass(
      ProvisionComponent provision, String path, Kind kind) {
    Set<String> types = new TreeSet<>();
    List<Coding> classes = provision.getClass_();
    for (int i = 0; i < classes.size(); i++) {
      Coding coding = classes.get(i);
      String element = path + ".class[" + i + "]";
      if (!ConsentFormat.RESOURCE_TYPES_SYSTEM.equals(coding.getSystem()) || !coding.hasCode()) {
        problems.add(
            element,
            "the class "
                + describe(coding)
                + " is not one Concordat reads; a class is a FHIR resource type (system "
                + ConsentFormat.RESOURCE_TYPES_SYSTEM
                + "), which Concordat maps to the protocol's data categories");
        continue;
      }
      String type = coding.getCode();
      if (protocol.categories().stream().noneMatch(c -> c.fhirPaths().containsKey(type))) {
        problems.add(
            element,
            "no data category of "
                + protocolName()
                + " selects "
                + shown(type)
                + " resources, so a directive about them cannot be enforced (its categories"
                + " select from "
                + protocol.categories().stream()
                    .flatMap(c -> c.fhirPaths().keySet().stream())
                    .sorted()
                    .distinct()
                    .collect(Collectors.joining(", "))
                + ")");
        continue;
      }
      types.add(type);
    }
    Set<CategoryCode> categories = new TreeSet<>();
    for (DataCategory category : protocol.categories()) {
      Set<String> selected = new TreeSet<>(category.fhirPaths().keySet());
      selected.retainAll(types);
      if (selected.isEmpty()) {
        continue;
      }
      if (kind == Kind.PERMIT && !types.containsAll(category.fhirPaths().keySet())) {
        Set<String> others = new TreeSet<>(category.fhirPaths().keySet());
        others.removeAll(types);
        problems.add(
            path + ".class",
            "a permit for "
                + String.join(", ", selected)
                + " resources would permit only part of data category '"
                + category.code()
                + "', which also selects "
                + String.join(", ", others)
                + "; name the category with provision.code instead");
        continue;
      }
      categories.add(category.code());
    }
    return categories;
  }

  private @Nullable Purpose protocolPurpose(String code) {
    return protocol.purposes().stream()
        .filter(p -> p.code().value().equals(code))
        .findFirst()
        .orElse(null);
  }

  private @Nullable DataCategory protocolCategory(String code) {
    return protocol.categories().stream()
        .filter(c -> c.code().value().equals(code))
        .findFirst()
        .orElse(null);
  }

  private String protocolName() {
    return "protocol " + protocol.ref().id() + " " + protocol.ref().version();
  }

  private String purposeCodes() {
    return protocol.purposes().stream()
        .map(p -> p.code().value())
        .collect(Collectors.joining(", "));
  }

  private String categoryCodes() {
    return protocol.categories().stream()
        .map(c -> c.code().value())
        .collect(Collectors.joining(", "));
  }

  private static String actReasonTable() {
    return ConsentFormat.ACT_REASON_PURPOSES.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " (as " + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  /** The resource type a reference names ({@code Practitioner/f204}), or null. */
  static @Nullable String referenceType(Reference reference) {
    if (reference.hasType()) {
      String type = reference.getType();
      return type.substring(type.lastIndexOf('/') + 1);
    }
    if (reference.hasReference() && !reference.getReference().startsWith("#")) {
      return reference.getReferenceElement().getResourceType();
    }
    return null;
  }

  private static String describe(CodeableConcept concept) {
    return concept.hasCoding() ? describe(concept.getCodingFirstRep()) : "a concept with no coding";
  }

  private static String describe(Coding coding) {
    return shown(coding.getSystem()) + "|" + shown(coding.getCode());
  }

  private static <T> String joined(Set<T> values) {
    return values.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  /**
   * A code, system or reference from the document, cut short: these are identifiers rather than
   * personal data, but a sender's mistake could put anything in them.
   */
  static String shown(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return "(none)";
    }
    String stripped = value.strip();
    return stripped.length() <= 80 ? stripped : stripped.substring(0, 77) + "...";
  }
}
