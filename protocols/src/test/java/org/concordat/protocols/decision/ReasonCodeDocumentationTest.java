package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/decision-reasons.md} documents exactly the codes of {@link ReasonCode}: every code in
 * the first column of its reason tables is one the engine or broker can produce, and every code is
 * documented. The protocol activation table is not about decisions and is left out.
 */
class ReasonCodeDocumentationTest {
  private static final Path DOC = Path.of("..", "docs", "decision-reasons.md");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)`");
  private static final String NOT_DECISIONS = "## Protocol activation reasons";

  @Test
  void theDocumentedReasonCodesAreExactlyTheEnumsCodes() throws IOException {
    Set<String> documented = new TreeSet<>();
    boolean skipping = false;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        skipping = line.startsWith(NOT_DECISIONS);
      }
      Matcher row = ROW.matcher(line);
      if (!skipping && row.find()) {
        documented.add(row.group(1));
      }
    }
    Set<String> codes =
        Arrays.stream(ReasonCode.values())
            .map(ReasonCode::wire)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).as("codes in %s", DOC).isEqualTo(codes);
  }

  @Test
  void everyWireNameIsKebabCaseAndMapsBack() {
    for (ReasonCode code : ReasonCode.values()) {
      assertThat(Reason.isKebab(code.wire())).as(code.name()).isTrue();
      assertThat(ReasonCode.fromWire(code.wire())).contains(code);
    }
  }
}
