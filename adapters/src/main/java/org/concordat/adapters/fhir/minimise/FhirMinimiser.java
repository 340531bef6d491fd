package org.concordat.adapters.fhir.minimise;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolRef;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Resource;

/**
 * Removes exactly the data categories a decision withholds from FHIR R4 content, step 4 (Minimise)
 * of the disclosure pipeline. Build one per protocol version at start-up and share it: it is
 * immutable and thread-safe once built.
 *
 * <p>The rules, in short (docs/minimisation.md has them in full):
 *
 * <ul>
 *   <li>every element that a withheld category's FHIRPath selections select is removed, with
 *       everything inside it; nothing that no withheld category selects is removed, except as
 *       below;
 *   <li>an element that a permitted category also selects (itself or an element containing it)
 *       stays: <b>permitted wins</b>;
 *   <li>a resource in which a withheld category selects something and no permitted category selects
 *       anything is removed whole (its Bundle entry goes), except a MessageHeader or a Patient; so
 *       is a resource that a withheld category selects as a whole;
 *   <li>references to a removed resource are removed (the referring resource stays), and an element
 *       left empty by a removal goes with it;
 *   <li>text that may restate removed values goes too: the narrative of a resource that lost data
 *       or refers to one that did, and the {@code display} of a reference to one that did;
 *   <li>elements that hold the message together (Bundle.type, the MessageHeader, Patient.identifier
 *       with the NHS number, resource ids and meta) are never removed unless a category selects
 *       them by name (or selects their whole resource).
 * </ul>
 *
 * <p>Selections are evaluated with HAPI's R4 FHIRPath engine (the one {@link
 * FhirContext#newFhirPath()} wraps), used directly so that selections can be type-checked when the
 * minimiser is built and type-suffixed choice names such as {@code Condition.onsetDateTime} can be
 * evaluated (see {@link SelectionCompiler}). The engine is shared between threads, as HAPI's own
 * search parameter extractor shares it; parsed selections are never changed after construction.
 */
public final class FhirMinimiser {
  private final ProtocolRef protocol;
  private final FhirContext context;
  private final FHIRPathEngine engine;
  private final Set<CategoryCode> categories;
  private final Map<String, List<Selection>> selectionsByType;

  /**
   * Compiles every FHIRPath selection of {@code protocol}'s categories.
   *
   * @param context an R4 context, normally the broker's one ({@code FhirMessages.context()})
   * @throws UnusableSelectionException if a selection does not parse or does not fit the FHIR R4
   *     definition of its resource type (such a protocol cannot be minimised exactly)
   */
  public FhirMinimiser(Protocol protocol, FhirContext context) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(context, "context");
    if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException(
          "Minimisation needs an R4 FhirContext, not " + context.getVersion().getVersion());
    }
    this.protocol = protocol.ref();
    this.context = context;
    this.engine =
        new FHIRPathEngine(new HapiWorkerContext(context, context.getValidationSupport()));
    SelectionCompiler compiler = new SelectionCompiler(context, engine);
    Set<CategoryCode> codes = new TreeSet<>();
    Map<String, List<Selection>> byType = new HashMap<>();
    for (DataCategory category : protocol.categories()) {
      codes.add(category.code());
      category
          .fhirPaths()
          .forEach(
              (type, paths) -> {
                for (String path : paths) {
                  byType
                      .computeIfAbsent(type, t -> new ArrayList<>())
                      .add(compiler.compile(category.code(), type, path));
                }
              });
    }
    this.categories = Collections.unmodifiableSet(codes);
    Map<String, List<Selection>> frozen = new HashMap<>();
    byType.forEach((type, selections) -> frozen.put(type, List.copyOf(selections)));
    this.selectionsByType = Map.copyOf(frozen);
  }

  /**
   * A deep copy of {@code content} without the categories that {@code permitted} leaves out. Every
   * category of the protocol that is not permitted is withheld (deny by default), so pass exactly
   * the categories the decision permits ({@code Decision.Permit.permitted()}). The input is not
   * changed.
   *
   * @param content an R4 resource, normally a message Bundle
   * @param permitted categories of this minimiser's protocol
   * @throws IllegalArgumentException if {@code permitted} names a category the protocol does not
   *     define (the decision was made under another protocol) or the content is not R4
   * @throws UnusableSelectionException if a selection fails to evaluate on this content or selects
   *     computed values instead of elements; nothing may then be delivered
   */
  public MinimisedContent minimise(IBaseResource content, Set<CategoryCode> permitted) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(permitted, "permitted");
    for (CategoryCode code : permitted) {
      if (!categories.contains(code)) {
        throw new IllegalArgumentException(
            "The category " + code + " is not defined in the protocol " + protocol.id());
      }
    }
    if (!(content instanceof Resource resource)) {
      throw new IllegalArgumentException(
          "Minimisation needs FHIR R4 content, not " + content.getClass().getName());
    }
    Set<CategoryCode> withheld = new TreeSet<>(categories);
    withheld.removeAll(permitted);
    ContentTree tree = ContentTree.of(context, resource.copy());
    return new Minimisation(tree, engine, selectionsByType, withheld).run();
  }

  /** Every category of the protocol, in code order. */
  public Set<CategoryCode> categories() {
    return categories;
  }

  /** The selections as evaluated, for tests: choice names rewritten to standard FHIRPath. */
  List<Selection> selections() {
    List<Selection> all = new ArrayList<>();
    selectionsByType.values().forEach(all::addAll);
    return all;
  }
}
