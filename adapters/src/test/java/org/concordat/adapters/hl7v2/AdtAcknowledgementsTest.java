package org.concordat.adapters.hl7v2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.hl7v2.AcknowledgmentCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HL7 acknowledgements, read back as text segment by segment. */
class AdtAcknowledgementsTest {
  private final AdtAcknowledgements acknowledgements = new AdtAcknowledgements();
  private final AdtNotices notices = Hl7v2Samples.notices();

  @Test
  void acceptsWithAaEchoingTheControlId() {
    List<String> ack =
        segments(acknowledgements.accepted(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A03), "Accepted"));

    assertThat(ack).hasSize(2);
    assertThat(ack.get(0)).startsWith("MSH|^~\\&|ROUTE|ROUTE|PAS|RCB|").contains("|ACK^A03|");
    assertThat(ack.get(1)).isEqualTo("MSA|AA|13403893338056|Accepted");
  }

  @Test
  void answersAMissingNhsNumberWithAeAndAnErrNamingPid3() {
    byte[] message =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03)
            .replace("3333333333^^^NHS", "A1234521^^^RCB^PI")
            .getBytes(UTF_8);

    List<String> ack = segments(acknowledgements.refused(message, refusal(message)));

    assertThat(ack.get(1)).startsWith("MSA|AE|13403893338056|The message has no NHS number");
    assertThat(ack.get(2)).startsWith("ERR|PID^^3^101&");
  }

  @Test
  void answersAnUnsupportedEventWithAr() {
    byte[] message =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03)
            .replace("ADT^A03^ADT_A03", "ADT^A02")
            .getBytes(UTF_8);

    List<String> ack = segments(acknowledgements.refused(message, refusal(message)));

    assertThat(ack.get(1)).startsWith("MSA|AR|13403893338056|");
    assertThat(ack.get(2)).startsWith("ERR|MSH^^9^201&");
  }

  @Test
  void answersTextThatIsNotHl7WithAeAndNoControlId() {
    byte[] garbage = "this is not an HL7 message".getBytes(UTF_8);

    List<String> ack = segments(acknowledgements.refused(garbage, refusal(garbage)));

    assertThat(ack.get(0)).startsWith("MSH|^~\\&|");
    assertThat(ack.get(1)).startsWith("MSA|AE||");
    assertThat(ack.get(2)).startsWith("ERR|");
  }

  @Test
  void answersAStoredButRefusedMessageWithAnApplicationError() {
    List<String> ack =
        segments(
            acknowledgements.failed(
                Hl7v2Samples.bytes(Hl7v2Samples.ITK_A01),
                AcknowledgmentCode.AE,
                "Not disclosed to XLA001 (deny: no-matching-flow)"));

    assertThat(ack.get(1))
        .isEqualTo("MSA|AE|1391320453338055|Not disclosed to XLA001 (deny: no-matching-flow)");
    assertThat(ack.get(2)).startsWith("ERR|^^^207&");
  }

  @Test
  void neverAnswersAFailureWithAa() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () ->
                    acknowledgements.failed(
                        Hl7v2Samples.bytes(Hl7v2Samples.ITK_A01), AcknowledgmentCode.AA, "x")))
        .isNotNull();
  }

  @Test
  void quotesNothingFromTheMessageInARefusal() {
    byte[] message =
        Hl7v2Samples.text(Hl7v2Samples.NORTHMOOR_A03)
            .replace("|19370408|", "|19371399|")
            .getBytes(UTF_8);

    String ack = new String(acknowledgements.refused(message, refusal(message)), UTF_8);

    assertThat(ack).contains("PID-7").doesNotContain("1937", "CAVENDISH", "9990000123");
  }

  private AdtRejectedException refusal(byte[] message) {
    return catchThrowableOfType(AdtRejectedException.class, () -> notices.convert(message));
  }

  /** The answer's segments: CR-separated, as MLLP peers expect. */
  private static List<String> segments(byte[] ack) {
    String text = new String(ack, UTF_8);
    assertThat(text).doesNotContain("\n").endsWith("\r");
    return Arrays.asList(text.split("\r"));
  }
}
