package org.concordat.protocols.sharing;

import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.concordat.protocols.sharing.ProtocolChange.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What changed between two versions of a protocol, in reviewer terms: flows added or removed, flows
 * widened or narrowed, purposes and parties added or removed, legal basis, consent and opt-out
 * settings, category selections and retention. Descriptions and notes are not compared (the hash
 * shows any change; this says what matters for what may flow).
 */
public final class ProtocolDiff {
  private ProtocolDiff() {}

  /** The changes from {@code older} to {@code newer}, in a stable order. */
  public static List<ProtocolChange> between(Protocol older, Protocol newer) {
    List<ProtocolChange> changes = new ArrayList<>();
    if (!older.ref().id().equals(newer.ref().id())) {
      changes.add(
          new ProtocolChange(
              Kind.IDENTITY_CHANGED,
              newer.ref().id(),
              "The protocol id changed from "
                  + older.ref().id()
                  + " to "
                  + newer.ref().id()
                  + "."));
    }
    if (!older.validFrom().equals(newer.validFrom())
        || !older.reviewDate().equals(newer.reviewDate())) {
      changes.add(
          new ProtocolChange(
              Kind.VALIDITY_CHANGED,
              "validity",
              "Validity changed from "
                  + older.validFrom()
                  + " (review "
                  + older.reviewDate()
                  + ") to "
                  + newer.validFrom()
                  + " (review "
                  + newer.reviewDate()
                  + ")."));
    }
    parties(older, newer, changes);
    purposes(older, newer, changes);
    categories(older, newer, changes);
    flows(older, newer, changes);
    return List.copyOf(changes);
  }

  private static void parties(Protocol older, Protocol newer, List<ProtocolChange> changes) {
    Map<OdsCode, Party> before = index(older.parties(), Party::ods);
    Map<OdsCode, Party> after = index(newer.parties(), Party::ods);
    for (Party p : newer.parties()) {
      Party old = before.get(p.ods());
      if (old == null) {
        changes.add(
            new ProtocolChange(
                Kind.PARTY_ADDED,
                p.ods().value(),
                "Party " + p.ods() + " (" + p.name() + ") joins."));
      } else if (!Set.copyOf(old.signingKeys()).equals(Set.copyOf(p.signingKeys()))) {
        changes.add(
            new ProtocolChange(
                Kind.PARTY_KEYS_CHANGED,
                p.ods().value(),
                "The signing keys of " + p.ods() + " changed."));
      }
    }
    for (Party p : older.parties()) {
      if (!after.containsKey(p.ods())) {
        changes.add(
            new ProtocolChange(
                Kind.PARTY_REMOVED,
                p.ods().value(),
                "Party " + p.ods() + " (" + p.name() + ") leaves."));
      }
    }
  }

  private static void purposes(Protocol older, Protocol newer, List<ProtocolChange> changes) {
    Map<PurposeCode, Purpose> before = index(older.purposes(), Purpose::code);
    Map<PurposeCode, Purpose> after = index(newer.purposes(), Purpose::code);
    for (Purpose p : newer.purposes()) {
      Purpose old = before.get(p.code());
      String code = p.code().value();
      if (old == null) {
        changes.add(
            new ProtocolChange(
                Kind.PURPOSE_ADDED,
                code,
                "Purpose " + code + " is added (legal basis: " + p.legalBasis().describe() + ")."));
        continue;
      }
      if (old.kind() != p.kind()) {
        changes.add(
            new ProtocolChange(
                Kind.PURPOSE_KIND_CHANGED,
                code,
                "Purpose "
                    + code
                    + " changed kind from "
                    + old.kind().wireName()
                    + " to "
                    + p.kind().wireName()
                    + "."));
      }
      if (!old.legalBasis().equals(p.legalBasis())) {
        changes.add(
            new ProtocolChange(
                Kind.LEGAL_BASIS_CHANGED,
                code,
                "The legal basis of "
                    + code
                    + " changed from "
                    + old.legalBasis().describe()
                    + " to "
                    + p.legalBasis().describe()
                    + "."));
      }
      if (old.explicitConsent() != p.explicitConsent()) {
        changes.add(
            new ProtocolChange(
                Kind.EXPLICIT_CONSENT_CHANGED,
                code,
                p.requiresExplicitConsent()
                    ? "Purpose " + code + " now requires the person's explicit consent."
                    : "Purpose " + code + " no longer requires the person's explicit consent."));
      }
      if (old.nationalDataOptOut() != p.nationalDataOptOut()) {
        changes.add(
            new ProtocolChange(
                Kind.OPT_OUT_CHANGED,
                code,
                "The national data opt-out for "
                    + code
                    + " changed from "
                    + optOut(old.nationalDataOptOut())
                    + " to "
                    + optOut(p.nationalDataOptOut())
                    + "."));
      }
      if (!Objects.equals(old.consentOverride(), p.consentOverride())) {
        changes.add(
            new ProtocolChange(
                Kind.CONSENT_OVERRIDE_CHANGED,
                code,
                p.mayProceedDespiteRefusal()
                    ? "Purpose " + code + " may now proceed despite the person's refusal."
                    : "Purpose " + code + " no longer proceeds despite the person's refusal."));
      }
    }
    for (Purpose p : older.purposes()) {
      if (!after.containsKey(p.code())) {
        changes.add(
            new ProtocolChange(
                Kind.PURPOSE_REMOVED, p.code().value(), "Purpose " + p.code() + " is removed."));
      }
    }
  }

  private static String optOut(Purpose.@Nullable OptOut optOut) {
    return optOut == null ? "not stated" : optOut.wireName();
  }

  private static void categories(Protocol older, Protocol newer, List<ProtocolChange> changes) {
    Map<CategoryCode, DataCategory> before = index(older.categories(), DataCategory::code);
    Map<CategoryCode, DataCategory> after = index(newer.categories(), DataCategory::code);
    for (DataCategory c : newer.categories()) {
      DataCategory old = before.get(c.code());
      if (old == null) {
        changes.add(
            new ProtocolChange(
                Kind.CATEGORY_ADDED, c.code().value(), "Category " + c.code() + " is added."));
      } else if (!old.fhirPaths().equals(c.fhirPaths())
          || !old.localFields().equals(c.localFields())) {
        changes.add(
            new ProtocolChange(
                Kind.CATEGORY_SELECTION_CHANGED,
                c.code().value(),
                "What category "
                    + c.code()
                    + " selects changed, so every flow carrying it now carries different data."));
      }
    }
    for (DataCategory c : older.categories()) {
      if (!after.containsKey(c.code())) {
        changes.add(
            new ProtocolChange(
                Kind.CATEGORY_REMOVED, c.code().value(), "Category " + c.code() + " is removed."));
      }
    }
  }

  private record Route(OdsCode from, OdsCode to, PurposeCode purpose) {
    @Override
    public String toString() {
      return from + " -> " + to + " for " + purpose;
    }
  }

  private static void flows(Protocol older, Protocol newer, List<ProtocolChange> changes) {
    Function<Flow, Route> route = f -> new Route(f.from(), f.to(), f.purpose());
    Map<Route, Flow> before = index(older.flows(), route);
    Map<Route, Flow> after = index(newer.flows(), route);
    for (Flow f : newer.flows()) {
      Route r = route.apply(f);
      Flow old = before.get(r);
      if (old == null) {
        changes.add(
            new ProtocolChange(
                Kind.FLOW_ADDED,
                r.toString(),
                "New flow " + r + " with categories " + names(f.categories()) + "."));
        continue;
      }
      Set<CategoryCode> added = new TreeSet<>(f.categories());
      added.removeAll(old.categories());
      Set<CategoryCode> removed = new TreeSet<>(old.categories());
      removed.removeAll(f.categories());
      if (!added.isEmpty()) {
        changes.add(
            new ProtocolChange(
                Kind.FLOW_WIDENED,
                r.toString(),
                "The flow " + r + " is widened: it now also carries " + names(added) + "."));
      }
      if (!removed.isEmpty()) {
        changes.add(
            new ProtocolChange(
                Kind.FLOW_NARROWED,
                r.toString(),
                "The flow " + r + " is narrowed: it no longer carries " + names(removed) + "."));
      }
      Period was = older.retentionOf(old).orElse(null);
      Period now = newer.retentionOf(f).orElse(null);
      if (!Objects.equals(was, now)) {
        changes.add(
            new ProtocolChange(
                Kind.RETENTION_CHANGED,
                r.toString(),
                "Retention for the flow " + r + " changed from " + was + " to " + now + "."));
      }
      if (!Set.copyOf(old.conditions()).equals(Set.copyOf(f.conditions()))) {
        changes.add(
            new ProtocolChange(
                Kind.CONDITIONS_CHANGED,
                r.toString(),
                "The conditions of the flow "
                    + r
                    + " changed from "
                    + old.conditions()
                    + " to "
                    + f.conditions()
                    + "."));
      }
    }
    for (Flow f : older.flows()) {
      Route r = route.apply(f);
      if (!after.containsKey(r)) {
        changes.add(
            new ProtocolChange(
                Kind.FLOW_REMOVED,
                r.toString(),
                "The flow " + r + " (" + names(f.categories()) + ") is removed."));
      }
    }
  }

  private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
    Map<K, V> map = new LinkedHashMap<>();
    values.forEach(v -> map.put(key.apply(v), v));
    return map;
  }

  private static String names(Set<CategoryCode> categories) {
    return new TreeSet<>(categories)
        .stream().map(CategoryCode::value).collect(Collectors.joining(", "));
  }
}
