package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyScreenTest {
  private static final String DISCHARGE = Notices.text(Notices.DISCHARGE_TO_COUNCIL);
  private static final String ADMISSION = Notices.text(Notices.ADMISSION_XML);
  private final BodyScreen screen = new BodyScreen();

  /** The limits the broker screens a Consent with ({@code concordat.consent.limits} defaults). */
  private static final BodyScreen CONSENT =
      new BodyScreen(new BodyScreen.Limits(10_000, 100, 32, 10_000));

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
        .contains(".resource.name[0].given repeats more than 1000 times")
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
    assertThat(refused.getMessage()).contains(".Patient.name.given repeats more than 1000 times");
  }

  @Test
  void letsALongBase64AttachmentThroughInJsonAndXml() {
    String base64 = Base64.getMimeEncoder().encodeToString(randomBytes(200_000));
    assertThat(base64).hasSizeGreaterThan(250_000).contains("\r\n");
    String json =
        "{\"resourceType\":\"DocumentReference\",\"content\":[{\"attachment\":{"
            + "\"contentType\":\"application/pdf\",\"data\":\""
            + base64.replace("\r\n", "\\r\\n")
            + "\"}}]}";
    String xml =
        "<Bundle xmlns=\"http://hl7.org/fhir\"><entry><resource><Binary>"
            + "<contentType value=\"application/pdf\"/><content value=\""
            + base64.replace("\r\n", "&#10;")
            + "\"/></Binary></resource></entry></Bundle>";

    assertThatCode(() -> screen.check(json.getBytes(UTF_8), MessageFormat.JSON))
        .doesNotThrowAnyException();
    assertThatCode(() -> screen.check(xml.getBytes(UTF_8), MessageFormat.XML))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                screen.check(
                    ("{\"resourceType\":\"Binary\",\"content\":\""
                            + base64.replace("\r\n", "")
                            + "\"}")
                        .getBytes(UTF_8),
                    MessageFormat.JSON))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnythingButBase64InABase64ElementWhateverItsLength() {
    String longText =
        "{\"resourceType\":\"Binary\",\"contentType\":\"text/plain\",\"data\":\""
            + "Dear Margaret, ".repeat(1_000)
            + "\"}";
    InvalidMessageException refused = refuse(longText, MessageFormat.JSON);
    assertThat(refused.kind()).isEqualTo(IssueKind.INVALID_TEXT);
    assertThat(refused.getMessage())
        .contains("Binary.data is not base64")
        .doesNotContain("Margaret");

    String shortText =
        "<Patient xmlns=\"http://hl7.org/fhir\"><photo><data value=\"a-b\"/></photo></Patient>";
    assertThat(refuse(shortText, MessageFormat.XML).getMessage())
        .contains("Patient.photo.data@value is not base64");
  }

  @Test
  void limitsTextThatIsNotBase64BinaryEvenWhereItLooksLikeBase64() {
    String longName = DISCHARGE.replace("\"Ashworth\"", "\"" + "A".repeat(10_001) + "\"");
    assertThat(refuse(longName, MessageFormat.JSON).getMessage())
        .contains(".resource.name[0].family has 10001 characters; at most 10000");

    String content = "{\"resourceType\":\"CodeSystem\",\"content\":\"" + "A".repeat(10_001) + "\"}";
    assertThat(refuse(content, MessageFormat.JSON).getMessage())
        .contains("CodeSystem.content has 10001 characters");
    String sampled =
        "{\"resourceType\":\"Observation\",\"valueSampledData\":{\"data\":\""
            + "1.5 ".repeat(3_000)
            + "\"}}";
    assertThat(refuse(sampled, MessageFormat.JSON).getMessage())
        .contains("Observation.valueSampledData.data has 12000 characters");
    assertThatCode(
            () ->
                screen.check(
                    "{\"resourceType\":\"Observation\",\"valueSampledData\":{\"data\":\"1.5 E U\"}}"
                        .getBytes(UTF_8),
                    MessageFormat.JSON))
        .doesNotThrowAnyException();
  }

  @Test
  void readsADataElementInTheNarrativeAsText() {
    String narrative =
        "<Patient xmlns=\"http://hl7.org/fhir\"><text><div xmlns=\"http://www.w3.org/1999/xhtml\">"
            + "<data value=\"ward-7\">Ward 7</data></div></text></Patient>";

    assertThatCode(() -> screen.check(narrative.getBytes(UTF_8), MessageFormat.XML))
        .doesNotThrowAnyException();
  }

  @Test
  void letsEveryOfficialAdwExampleAndEverySampleThrough() throws IOException {
    for (Path file :
        fixtures(Path.of("../config/samples"), Path.of("../../shared/fixtures/adw/examples"))) {
      String name = file.getFileName().toString();
      MessageFormat format = name.endsWith(".xml") ? MessageFormat.XML : MessageFormat.JSON;
      assertThatCode(() -> screen.check(Files.readAllBytes(file), format))
          .as(file.toString())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void refusesTwentyThousandRepeatsOfOnePurposeInAConsentNamingTheElementAndTheLimit() {
    InvalidMessageException refused =
        refuseConsent(jsonConsentWithPurposes(20_000), MessageFormat.JSON);

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.getMessage())
        .contains(
            "Consent.provision.purpose repeats more than 100 times; at most 100 are accepted");
  }

  @Test
  void refusesOneHundredThousandCategoriesInAnXmlConsentNamingTheElementAndTheLimit() {
    InvalidMessageException refused =
        refuseConsent(xmlConsentWithCategories(100_000), MessageFormat.XML);

    assertThat(refused.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(refused.getMessage())
        .contains("Consent.category repeats more than 100 times; at most 100 are accepted");
  }

  @Test
  void refusesAConsentNestedTooDeepOrWithTooManyElementsInAll() {
    String deep = "{\"resourceType\":\"Consent\",\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertThat(refuseConsent(deep, MessageFormat.JSON).getMessage())
        .contains("nested more than 32 levels deep");

    BodyScreen few = new BodyScreen(new BodyScreen.Limits(10_000, 100, 32, 50));
    InvalidMessageException json =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> few.check(jsonConsentWithPurposes(30).getBytes(UTF_8), MessageFormat.JSON));
    assertThat(json.kind()).isEqualTo(IssueKind.LIMIT_EXCEEDED);
    assertThat(json.getMessage())
        .contains("Consent has more than 50 elements; at most 50 are accepted");
    InvalidMessageException xml =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> few.check(xmlConsentWithCategories(30).getBytes(UTF_8), MessageFormat.XML));
    assertThat(xml.getMessage()).contains("Consent has more than 50 elements");
  }

  @Test
  void passesTheSampleConsentUnderTheConsentLimitsAndLeavesMalformedTextToTheParser()
      throws IOException {
    assertThatCode(
            () -> {
              CONSENT.check(
                  Files.readAllBytes(
                      Path.of("../config/samples/consent-housing-support-XVO001.json")),
                  MessageFormat.JSON);
              CONSENT.check(jsonConsentWithPurposes(100).getBytes(UTF_8), MessageFormat.JSON);
              CONSENT.check(xmlConsentWithCategories(100).getBytes(UTF_8), MessageFormat.XML);
              CONSENT.check("{\"purpose\":[1,2,".getBytes(UTF_8), MessageFormat.JSON);
              CONSENT.check("name=value".getBytes(UTF_8), MessageFormat.JSON);
            })
        .doesNotThrowAnyException();
  }

  private static String jsonConsentWithPurposes(int purposes) {
    StringBuilder json =
        new StringBuilder("{\"resourceType\":\"Consent\",\"status\":\"active\",\"provision\":{");
    json.append("\"type\":\"permit\",\"purpose\":[");
    for (int i = 0; i < purposes; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"system\":\"https://fhir.concordat.example/CodeSystem/sharing-purpose\",")
          .append("\"code\":\"housing-support\"}");
    }
    return json.append("]}}").toString();
  }

  private static String xmlConsentWithCategories(int categories) {
    StringBuilder xml =
        new StringBuilder("<Consent xmlns=\"http://hl7.org/fhir\"><status value=\"active\"/>");
    for (int i = 0; i < categories; i++) {
      xml.append("<category><coding><code value=\"59284-0\"/></coding></category>");
    }
    return xml.append("</Consent>").toString();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }

  /** The JSON and XML files under each folder that exists. */
  private static java.util.List<Path> fixtures(Path... folders) throws IOException {
    java.util.List<Path> files = new java.util.ArrayList<>();
    for (Path folder : folders) {
      if (Files.isDirectory(folder)) {
        try (var walk = Files.walk(folder)) {
          walk.filter(f -> f.toString().endsWith(".json") || f.toString().endsWith(".xml"))
              .forEach(files::add);
        }
      }
    }
    assertThat(files).isNotEmpty();
    return files;
  }

  private static InvalidMessageException refuseConsent(String body, MessageFormat format) {
    return catchThrowableOfType(
        InvalidMessageException.class, () -> CONSENT.check(body.getBytes(UTF_8), format));
  }

  private InvalidMessageException refuse(String body, MessageFormat format) {
    return catchThrowableOfType(
        InvalidMessageException.class, () -> screen.check(body.getBytes(UTF_8), format));
  }
}
