package org.concordat.protocols.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordat.protocols.yaml.LocatedYaml.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocatedYamlTest {

  @Test
  void onlyThePlainWordsTrueAndFalseAreBooleans() throws Exception {
    JsonNode root =
        LocatedYaml.parse(
                """
                t: true
                f: false
                quoted: "true"
                """,
                "protocol")
            .root();

    assertThat(root.get("t").isBoolean()).isTrue();
    assertThat(root.get("t").booleanValue()).isTrue();
    assertThat(root.get("f").isBoolean()).isTrue();
    assertThat(root.get("f").booleanValue()).isFalse();
    assertThat(root.get("quoted").isTextual()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"})
  void yaml11BooleanWordsStayText(String word) throws Exception {
    JsonNode value = LocatedYaml.parse("answer: " + word + "\n", "mapping").root().get("answer");

    assertThat(value.isTextual()).isTrue();
    assertThat(value.textValue()).isEqualTo(word);
  }

  @Test
  void scalarsKeepTheirTextAsWrittenAndNullIsNull() throws Exception {
    JsonNode root =
        LocatedYaml.parse(
                "version: 1.10\ncode: 0042\ntilde: ~\nword: null\nempty:\nlast: x\n", "mapping")
            .root();

    assertThat(root.get("version").textValue()).isEqualTo("1.10");
    assertThat(root.get("code").textValue()).isEqualTo("0042");
    assertThat(root.get("word").isNull()).isTrue();
    assertThat(root.get("tilde").isNull()).isTrue();
    assertThat(root.get("empty").isNull()).as("empty").isTrue();
  }

  @Test
  void everyKeyAndValueHasItsLineAndColumn() throws Exception {
    LocatedYaml yaml =
        LocatedYaml.parse(
            """
            id: x
            parties:
              - ods: RXA
                name: Hospital
            """,
            "protocol");

    assertThat(yaml.valueAt("/id")).isEqualTo(new Position(1, 5));
    assertThat(yaml.keyAt("/parties")).isEqualTo(new Position(2, 1));
    assertThat(yaml.keyAt("/parties/0/name")).isEqualTo(new Position(4, 5));
    assertThat(yaml.valueAt("/parties/0/name")).isEqualTo(new Position(4, 11));
    assertThat(yaml.valueAt("/parties/0/ods")).isEqualTo(new Position(3, 10));
  }

  @Test
  void aMissingValueIsPlacedAtItsNearestWrittenParent() throws Exception {
    LocatedYaml yaml = LocatedYaml.parse("a:\n  b: 1\n", "mapping");

    assertThat(yaml.valueAt("/a/b/missing/deeper")).isEqualTo(new Position(2, 6));
    assertThat(yaml.valueAt("/nowhere")).isEqualTo(new Position(1, 1));
  }

  @Test
  void duplicateKeysAndAliasesAreRecordedWhereTheyAreWritten() throws Exception {
    LocatedYaml yaml = LocatedYaml.parse("a: &x 1\nb: *x\na: 2\n", "protocol");

    assertThat(yaml.duplicateKeys())
        .containsExactly(new LocatedYaml.Located(new Position(3, 1), "a"));
    assertThat(yaml.aliases())
        .extracting(LocatedYaml.Located::position)
        .containsExactly(new Position(2, 4));
    assertThat(yaml.root().get("a").textValue()).isEqualTo("1");
  }

  @Test
  void refusesNestingDeeperThanTheLimitWhereItGoesTooDeep() {
    StringBuilder text = new StringBuilder();
    for (int level = 0; level <= LocatedYaml.MAX_DEPTH; level++) {
      text.append("  ".repeat(level)).append("k:\n");
    }
    text.append("  ".repeat(LocatedYaml.MAX_DEPTH + 1)).append("leaf\n");

    assertThatThrownBy(() -> LocatedYaml.parse(text.toString(), "mapping"))
        .isInstanceOfSatisfying(
            LocatedYaml.SyntaxError.class,
            e -> {
              assertThat(e.position())
                  .isEqualTo(
                      new Position(LocatedYaml.MAX_DEPTH + 1, 1 + 2 * LocatedYaml.MAX_DEPTH));
              assertThat(e.getMessage())
                  .contains("nested more than " + LocatedYaml.MAX_DEPTH + " levels")
                  .contains("a mapping");
            });
  }

  @Test
  void readsNestingUpToTheLimit() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int level = 0; level < LocatedYaml.MAX_DEPTH - 1; level++) {
      text.append("  ".repeat(level)).append("k:\n");
    }
    text.append("  ".repeat(LocatedYaml.MAX_DEPTH - 1)).append("k: leaf\n");

    JsonNode node = LocatedYaml.parse(text.toString(), "mapping").root();
    for (int level = 0; level < LocatedYaml.MAX_DEPTH; level++) {
      node = node.get("k");
    }
    assertThat(node.textValue()).isEqualTo("leaf");
  }

  @Test
  void refusesADocumentOverTheSizeLimitAtThePlaceItIsCrossed() {
    String line = "# " + "x".repeat(97) + "\n"; // 100 characters
    String text = line.repeat(LocatedYaml.MAX_CHARS / 100) + "a: b\n";

    assertThatThrownBy(() -> LocatedYaml.parse(text, "protocol"))
        .isInstanceOfSatisfying(
            LocatedYaml.SyntaxError.class,
            e -> {
              assertThat(e.position()).isEqualTo(new Position(LocatedYaml.MAX_CHARS / 100 + 1, 1));
              assertThat(e.getMessage())
                  .contains("longer than " + LocatedYaml.MAX_CHARS + " characters")
                  .contains("a protocol");
            });
  }

  @Test
  void readsADocumentOfExactlyTheSizeLimit() throws Exception {
    String line = "# " + "x".repeat(97) + "\n";
    String text =
        "a: b\n" + line.repeat(LocatedYaml.MAX_CHARS / 100 - 1) + "#" + "x".repeat(93) + "\n";

    assertThat(text).hasSize(LocatedYaml.MAX_CHARS);
    assertThat(LocatedYaml.parse(text, "protocol").root().get("a").textValue()).isEqualTo("b");
  }

  @Test
  void refusesMoreThanOneDocumentAndAnEmptyFile() {
    assertThatThrownBy(() -> LocatedYaml.parse("a: 1\n---\nb: 2\n", "mapping"))
        .hasMessage("The file holds more than one YAML document; a mapping is exactly one.");
    assertThatThrownBy(() -> LocatedYaml.parse("", "protocol"))
        .hasMessage("The file is empty; a protocol is a YAML mapping.");
  }
}
