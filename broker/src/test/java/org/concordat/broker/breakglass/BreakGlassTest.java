package org.concordat.broker.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What counts as a written reason for breaking glass. */
class BreakGlassTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test",
        "TESTING",
        "n/a",
        "N/A.",
        "none",
        "asdf",
        "xxx",
        "xxxxxxxxxxxxxxxxxxxxxxxx",
        "Emergency!",
        "break glass",
        "Break-Glass",
        "Break glass - EMERGENCY!!! emergency",
        "test test test test test",
        "aaaaaaaaaaaaaaaaaaaaaaaaa",
        "12345678901234567890123",
        "!!!!!!!!!!!!!!!!!!!!!!!!",
        "this is just a test of the system",
        "Testing the break glass function, please ignore"
      })
  void takesPlaceholdersForNoReason(String reason) {
    assertThat(BreakGlass.isPlaceholder(reason)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Unconscious on arrival after a fall; council must arrange urgent care at home today",
        "Emergency admission, carer in hospital too: none at home to look after her",
        "Test results show sepsis; social care must know before discharge tomorrow"
      })
  void acceptsReasonsThatMentionPlaceholderWordsAmongOthers(String reason) {
    assertThat(BreakGlass.isPlaceholder(reason)).isFalse();
  }
}
