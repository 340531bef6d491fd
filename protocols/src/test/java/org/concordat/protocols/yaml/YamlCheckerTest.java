package org.concordat.protocols.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlCheckerTest {

  private static final YamlChecker.Problems<String> AS_TEXT =
      (file, at, warning, message) ->
          file
              + ":"
              + at.line()
              + ":"
              + at.column()
              + ": "
              + (warning ? "warning: " : "")
              + message;

  private static YamlChecker<String> checker(String text) throws Exception {
    return new YamlChecker<>("f.yaml", "mapping", LocatedYaml.parse(text, "mapping"), AS_TEXT);
  }

  private static List<String> inOrder(YamlChecker<String> checker) {
    return checker.problems(
        Comparator.comparingInt((String p) -> Integer.parseInt(p.split(":")[1]))
            .thenComparingInt(p -> Integer.parseInt(p.split(":")[2])));
  }

  @Test
  void reportsDuplicateKeysAndAliasesWithTheirPlace() throws Exception {
    YamlChecker<String> checker = checker("a: &x 1\nb: *x\na: 2\n");

    checker.refuseDuplicatesAndAliases();

    assertThat(inOrder(checker))
        .containsExactly(
            "f.yaml:2:4: YAML aliases (*x) are not allowed in a mapping; write the value out in full.",
            "f.yaml:3:1: The key 'a' appears twice in the same mapping.");
  }

  @Test
  void anUnknownKeyIsReportedAtTheKeyWithTheKeyItWasMeantToBe() throws Exception {
    YamlChecker<String> checker = checker("id: x\nvalid_from: 2026-01-01\nzzz: 1\n");
    LocatedYaml yaml = LocatedYaml.parse("id: x\nvalid_from: 2026-01-01\nzzz: 1\n", "mapping");

    checker.unknownKeys(yaml.root(), "", "the mapping", List.of("id", "valid-from"));

    assertThat(inOrder(checker))
        .containsExactly(
            "f.yaml:2:1: Unknown key 'valid_from' in the mapping; did you mean 'valid-from'?",
            "f.yaml:3:1: Unknown key 'zzz' in the mapping; the keys allowed here are id, valid-from.");
  }

  @Test
  void warningsAndErrorsAreKeptApartAndSortedByPlace() throws Exception {
    YamlChecker<String> checker = checker("a: 1\nb: 2\n");

    checker.reportAt("/b", "b is wrong");
    checker.warnAt("/a", "a is odd");

    assertThat(checker.isEmpty()).isFalse();
    assertThat(checker.any(p -> p.contains("warning"))).isTrue();
    assertThat(inOrder(checker))
        .containsExactly("f.yaml:1:4: warning: a is odd", "f.yaml:2:4: b is wrong");
  }
}
