package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class BodyScreenTest {
  private static final String DISCHARGE = Notices.text(Notices.DISCHARGE_TO_COUNCIL);
  private static final String ADMISSION = Notices.text(Notices.ADMISSION_XML);
  private final BodyScreen screen = new BodyScreen();
  private final NoticeParser parser =
      new NoticeParser(Notices.fhir(), NoticeParser.DEFAULT_MAX_BYTES);

  @Test
  void letsTheSampleNoticesThrough() {
    assertThatCode(() -> screen.check(DISCHARGE.getBytes(UTF_8), MessageFormat.JSON))
        .doesNotThrowAnyException();
    assertThatCode(() -> screen.check(ADMISSION.getBytes(UTF_8), MessageFormat.XML))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesASecondNhsNumberGivenAsADuplicateKeyNamingTheKeyButNotTheValues() {
    String twice =
        DISCHARGE.replace(
            "\"value\": \"9990000018\"", "\"value\": \"9990000018\", \"value\": \"9990000026\"");

    InvalidMessageException refused = refuse(twice, MessageFormat.JSON);

    assertThat(refused.kind()).isEqualTo(IssueKind.DUPLICATE_KEY);
    assertThat(refused.kind().httpStatus()).isEqualTo(400);
    assertThat(refused.getMessage())
        .contains("'value' more than once")
        .contains("entry[")
        .contains("identifier[0]")
        .doesNotContain("9990000018")
        .doesNotContain("9990000026");
  }

  @Test
  void noticeParserRefusesDuplicateKeysBeforeHapiKeepsTheLastOne() {
    String twice =
        DISCHARGE.replace(
            "\"value\": \"9990000018\"", "\"value\": \"9990000018\", \"value\": \"9990000026\"");

    InvalidMessageException refused =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> parser.parse(twice.getBytes(UTF_8), MessageFormat.JSON));

    assertThat(refused.kind()).isEqualTo(IssueKind.DUPLICATE_KEY);
  }

  @Test
  void refusesAFamilyNameLongerThanTheLimitNamingTheElementAndTheLimit() {
    String longName = DISCHARGE.replace("\"Ashworth\"", "\"" + "A".repeat(10_001) + "\"");

    InvalidMessageException refused =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> parser.parse(longName.getBytes(UTF_8), MessageFormat.JSON));

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.kind().httpStatus()).isEqualTo(422);
    assertThat(refused.getMessage())
        .contains(".resource.name[0].family")
        .contains("10001 characters")
        .contains("at most 10000")
        .doesNotContain("AAAA");
  }

  @Test
  void refusesTooManyGivenNamesNamingTheElementAndTheLimit() {
    StringBuilder given = new StringBuilder("\"given\": [");
    for (int i = 0; i < 100_000; i++) {
      given.append(i == 0 ? "" : ",").append("\"Margaret\"");
    }
    String many = DISCHARGE.replaceFirst("\"given\": \\[", given.append(",").toString());

    InvalidMessageException refused = refuse(many, MessageFormat.JSON);

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.getMessage())
        .contains(".resource.name[0].given has more than 1000 items")
        .doesNotContain("Margaret");
  }

  @Test
  void refusesANulInANameNamingTheElementButNotTheValue() {
    String nul = DISCHARGE.replace("\"Ashworth\"", "\"Ash\\u0000worth\"");

    InvalidMessageException refused = refuse(nul, MessageFormat.JSON);

    assertThat(refused.kind()).isEqualTo(IssueKind.INVALID_TEXT);
    assertThat(refused.getMessage())
        .contains(".resource.name[0].family")
        .contains("U+0000")
        .doesNotContain("Ash");
  }

  @Test
  void acceptsTabCarriageReturnAndLineFeedInText() {
    String text = DISCHARGE.replace("\"Ashworth\"", "\"Ash\\tworth\\r\\n\"");

    assertThatCode(() -> screen.check(text.getBytes(UTF_8), MessageFormat.JSON))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesDeepNesting() {
    String deep = "{\"a\":".repeat(100) + "1" + "}".repeat(100);

    InvalidMessageException refused = refuse(deep, MessageFormat.JSON);

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.getMessage()).contains("nested more than 48 levels");
  }

  @Test
  void leavesMalformedJsonToTheParserThatFollows() {
    assertThatCode(() -> screen.check("{\"family\": Ash".getBytes(UTF_8), MessageFormat.JSON))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesLongXmlValuesAndDeleteCharactersNamingTheElement() {
    String longName =
        ADMISSION.replace(
            "<family value=\"Thornbury\"/>", "<family value=\"" + "T".repeat(10_001) + "\"/>");
    InvalidMessageException tooLong = refuse(longName, MessageFormat.XML);
    assertThat(tooLong.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(tooLong.getMessage()).contains("family@value").contains("at most 10000");

    String del = ADMISSION.replace("Thornbury", "Thorn\u007fbury");
    InvalidMessageException control = refuse(del, MessageFormat.XML);
    assertThat(control.kind()).isEqualTo(IssueKind.INVALID_TEXT);
    assertThat(control.getMessage()).contains("family@value").doesNotContain("Thorn");
  }

  @Test
  void refusesAnXmlElementRepeatedTooOften() {
    String many =
        ADMISSION.replace("<given value=\"Desmond\"/>", "<given value=\"Desmond\"/>".repeat(1_001));

    InvalidMessageException refused = refuse(many, MessageFormat.XML);

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.getMessage()).contains("given is repeated more than 1000 times");
  }

  private InvalidMessageException refuse(String body, MessageFormat format) {
    return catchThrowableOfType(
        InvalidMessageException.class, () -> screen.check(body.getBytes(UTF_8), format));
  }
}
