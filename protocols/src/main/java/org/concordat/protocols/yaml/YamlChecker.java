package org.concordat.protocols.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.concordat.protocols.yaml.LocatedYaml.Position;
import org.jspecify.annotations.Nullable;

/**
 * Collects the problems found in one {@link LocatedYaml} document, each at the line and column
 * where it must be fixed, in the reader's own problem type.
 *
 * @param <P> the problem type of the reader (a protocol problem, a mapping-file problem)
 */
public final class YamlChecker<P> {

  /** Makes a reader's problem from a place in its file. */
  @FunctionalInterface
  public interface Problems<P> {
    P make(String file, Position position, boolean warning, String message);
  }

  private final String file;
  private final String kind;
  private final LocatedYaml yaml;
  private final Problems<P> make;
  private final List<P> problems = new ArrayList<>();

  /**
   * @param file the file name shown in each problem
   * @param kind what the document is, for messages: {@code "protocol"}, {@code "mapping"}
   */
  public YamlChecker(String file, String kind, LocatedYaml yaml, Problems<P> make) {
    this.file = file;
    this.kind = kind;
    this.yaml = yaml;
    this.make = make;
  }

  /** The one problem of a file that could not be read as YAML. */
  public static <P> P syntaxProblem(String file, LocatedYaml.SyntaxError error, Problems<P> make) {
    return make.make(file, error.position(), false, error.getMessage());
  }

  /** Reports the duplicate keys and aliases the document holds; both are refused. */
  public void refuseDuplicatesAndAliases() {
    for (LocatedYaml.Located duplicate : yaml.duplicateKeys()) {
      report(
          duplicate.position(),
          "The key '" + duplicate.text() + "' appears twice in the same mapping.");
    }
    for (LocatedYaml.Located alias : yaml.aliases()) {
      report(
          alias.position(),
          "YAML aliases (*"
              + alias.text()
              + ") are not allowed in a "
              + kind
              + "; write the value out in full.");
    }
  }

  /** Reports each key of the mapping {@code node} at {@code at} that is not {@code allowed}. */
  public void unknownKeys(JsonNode node, String at, String what, List<String> allowed) {
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      if (!allowed.contains(key)) {
        String hint = suggestion(key, allowed);
        reportKey(
            LocatedYaml.child(at, key),
            "Unknown key '"
                + key
                + "' in "
                + what
                + (hint != null
                    ? "; did you mean '" + hint + "'?"
                    : "; the keys allowed here are " + String.join(", ", allowed) + "."));
      }
    }
  }

  /** The allowed key a mistyped key was meant to be ({@code valid_from} for valid-from), if any. */
  static @Nullable String suggestion(String key, List<String> allowed) {
    String normal = key.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    String squashed = normal.replace("-", "");
    for (String candidate : allowed) {
      if (candidate.equals(normal) || candidate.replace("-", "").equals(squashed)) {
        return candidate;
      }
    }
    return null;
  }

  /** An error at the value at {@code pointer}. */
  public void reportAt(String pointer, String message) {
    report(yaml.valueAt(pointer), message);
  }

  /** A warning at the value at {@code pointer}. */
  public void warnAt(String pointer, String message) {
    problems.add(make.make(file, yaml.valueAt(pointer), true, message));
  }

  /** An error at the key of the member at {@code pointer}. */
  public void reportKey(String pointer, String message) {
    report(yaml.keyAt(pointer), message);
  }

  /** An error at {@code position}. */
  public void report(Position position, String message) {
    problems.add(make.make(file, position, false, message));
  }

  /** Whether any problem found so far satisfies {@code test}. */
  public boolean any(Predicate<P> test) {
    return problems.stream().anyMatch(test);
  }

  /** Whether no problem has been found. */
  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems found, in the order of the file. */
  public List<P> problems(Comparator<P> byPlace) {
    List<P> sorted = new ArrayList<>(problems);
    sorted.sort(byPlace);
    return sorted;
  }
}
