package org.concordat.protocols.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.concordat.protocols.consent.BreakGlassReasonPolicy.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules that decide whether a break-glass reason says anything a reviewer can judge. */
class BreakGlassReasonPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "12345678901234567890123", "!!!!!!!!!!!!!!!!!!!!!!!!"})
  void refusesAReasonWithNoLetters(String reason) {
    assertThat(BreakGlassReasonPolicy.judge(reason)).isEqualTo(Finding.NO_LETTERS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aaaaaaaaaaaaaaaaaaaaaaaaa",
        "xxxxxxxxxxxxxxxxxxxxxxxx",
        "z z z z z z z z z z z z z"
      })
  void refusesOneCharacterRepeated(String reason) {
    assertThat(BreakGlassReasonPolicy.judge(reason)).isEqualTo(Finding.ONE_CHARACTER_REPEATED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test",
        "TESTING",
        "n/a",
        "N/A.",
        "none",
        "break glass",
        "asdf",
        "xxx asdf",
        "Emergency!",
        "Break-Glass",
        "Break glass - EMERGENCY!!! emergency",
        "test test test test test"
      })
  void refusesPlaceholderWordsOnTheirOwnEvenRepeated(String reason) {
    assertThat(BreakGlassReasonPolicy.judge(reason)).isEqualTo(Finding.PLACEHOLDER_WORDS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this is just a test of the system",
        "This is a test, please ignore",
        "It's only a trial of the break glass function",
        "Testing the system before go-live on ward 7",
        "Ward 7 go-live: just testing that the override works",
        "Lorem ipsum dolor sit amet, consectetur",
        "Not a real patient - checking the workflow",
        "Unconscious patient (ignore this, training session)"
      })
  void refusesPhrasesThatSayTheGrantIsATest(String reason) {
    assertThat(BreakGlassReasonPolicy.judge(reason)).isEqualTo(Finding.TEST_PHRASE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "I am testing the break glass access now",
        "just checking if it works, test test",
        "Dummy placeholder for the emergency access",
        "a test for our system, again"
      })
  void refusesFillerAroundNothingButTestWords(String reason) {
    assertThat(BreakGlassReasonPolicy.isPlaceholder(reason)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Unconscious on arrival after a fall; council must arrange urgent care at home today",
        "Emergency admission, carer in hospital too: none at home to look after her",
        "Test results show sepsis; social care must know before discharge tomorrow",
        "Blood test confirms overdose; safeguarding team must be told of the risk at home",
        "Trial without catheter failed; needs package of care from the council tonight"
      })
  void acceptsReasonsThatMentionTestWordsAmongRealContent(String reason) {
    assertThat(BreakGlassReasonPolicy.judge(reason)).isEqualTo(Finding.ACCEPTABLE);
  }
}
