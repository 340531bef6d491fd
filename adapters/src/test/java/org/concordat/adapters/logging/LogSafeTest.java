package org.concordat.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void escapesLineBreaksSoAPartnerCannotForgeALogLine() {
    String forged = "note.json\n2026-12-03 INFO Witness XLA001 accepted everything";

    assertThat(LogSafe.field(forged))
        .doesNotContain("\n")
        .isEqualTo("note.json\\n2026-12-03 INFO Witness XLA001 accepted everything");
  }

  @Test
  void escapesEveryControlCharacterTheBackslashAndBidiOverrides() {
    assertThat(LogSafe.field("a\r\tb\u0000c\u001bd\u007fe\u0085f\u2028g\u202eh\\"))
        .isEqualTo("a\\r\\tb\\u0000c\\u001bd\\u007fe\\u0085f\\u2028g\\u202eh\\\\");
  }

  @Test
  void cutsLongTextAndSaysHowMuchWasLeftOut() {
    String field = LogSafe.field("x".repeat(1_000));

    assertThat(field)
        .startsWith("x".repeat(LogSafe.MAX_FIELD_CHARS))
        .endsWith("(800 more characters)");
  }

  @Test
  void namesNullAsNone() {
    assertThat(LogSafe.field(null)).isEqualTo("(none)");
  }

  @Test
  void keepsClassesAndFramesOfAnExceptionButNoMessage() {
    IllegalStateException cause = new IllegalStateException("NHS number 9990000018");
    RuntimeException error = new IllegalArgumentException("Ashworth, Margaret", cause);

    Throwable safe = LogSafe.withoutMessages(error);

    assertThat(safe.getMessage())
        .isEqualTo("java.lang.IllegalArgumentException (message withheld)");
    assertThat(safe.getStackTrace()).isEqualTo(error.getStackTrace());
    assertThat(safe.getCause().getMessage())
        .isEqualTo("java.lang.IllegalStateException (message withheld)");
    assertThat(safe.toString() + safe.getCause()).doesNotContain("9990000018", "Ashworth");
  }
}
