package org.concordat.broker.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * The broker's stored reading of a Consent version: its flat directives as JSON, so the consent
 * cache loads at start-up without re-interpreting every FHIR resource.
 */
final class ConsentDirectivesJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsentDirectivesJson() {}

  static String write(List<ConsentDirective> directives) {
    ArrayNode array = JSON.createArrayNode();
    for (ConsentDirective d : directives) {
      ObjectNode node = array.addObject();
      node.put("reference", d.reference());
      node.put("kind", d.kind().name());
      strings(node.putArray("purposes"), d.purposes(), PurposeCode::value);
      strings(node.putArray("recipients"), d.recipients(), OdsCode::value);
      strings(node.putArray("categories"), d.categories(), CategoryCode::value);
      instant(node, "start", d.start());
      instant(node, "end", d.end());
      instant(node, "reviewDue", d.reviewDue());
      LocalDate dated = d.dated();
      if (dated == null) {
        node.putNull("dated");
      } else {
        node.put("dated", dated.toString());
      }
    }
    return array.toString();
  }

  /**
   * Reads stored directives; one stored before directives carried their date takes {@code
   * recordedOn}, the day its Consent was recorded.
   */
  static List<ConsentDirective> read(String text, @Nullable LocalDate recordedOn) {
    try {
      List<ConsentDirective> directives = new ArrayList<>();
      for (JsonNode node : JSON.readTree(text)) {
        directives.add(
            new ConsentDirective(
                node.get("reference").textValue(),
                ConsentDirective.Kind.valueOf(node.get("kind").textValue()),
                set(node.get("purposes"), PurposeCode::new),
                set(node.get("recipients"), OdsCode::new),
                set(node.get("categories"), CategoryCode::new),
                instant(node.get("start")),
                instant(node.get("end")),
                instant(node.get("reviewDue")),
                date(node.get("dated"), recordedOn)));
      }
      return directives;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored consent reading is not valid JSON", e);
    }
  }

  private static <T> void strings(ArrayNode array, Collection<T> values, Function<T, String> text) {
    TreeSet<String> sorted = new TreeSet<>();
    values.forEach(v -> sorted.add(text.apply(v)));
    sorted.forEach(array::add);
  }

  private static <T> Set<T> set(JsonNode array, Function<String, T> make) {
    Set<T> values = new java.util.HashSet<>();
    array.forEach(v -> values.add(make.apply(v.textValue())));
    return values;
  }

  private static void instant(ObjectNode node, String name, @Nullable Instant value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value.toString());
    }
  }

  private static @Nullable LocalDate date(@Nullable JsonNode node, @Nullable LocalDate otherwise) {
    return node == null || node.isNull() ? otherwise : LocalDate.parse(node.textValue());
  }

  private static @Nullable Instant instant(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : Instant.parse(node.textValue());
  }
}
