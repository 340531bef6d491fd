package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageFormatTest {

  @ParameterizedTest(name = "{0} with body {1} is {2}")
  @CsvSource({
    "application/fhir+json, '<x/>', JSON",
    "'application/fhir+json; fhirVersion=4.0', '<x/>', JSON",
    "application/json, '<x/>', JSON",
    "application/fhir+xml, '{}', XML",
    "APPLICATION/XML, '{}', XML",
    "text/xml;charset=utf-8, '{}', XML",
    "application/octet-stream, '  {}', JSON",
    ", '\n\t <Bundle/>', XML",
    "'', '{\"resourceType\":\"Bundle\"}', JSON",
  })
  void detectsTheEncoding(String contentType, String body, MessageFormat expected) {
    assertThat(MessageFormat.detect(contentType, body.getBytes(UTF_8))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with body {1} is refused")
  @CsvSource({"text/html, '<html/>'", ", 'resourceType=Bundle'", "text/plain, ''"})
  void refusesWhatIsNeitherJsonNorXml(String contentType, String body) {
    var problem =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> MessageFormat.detect(contentType, body.getBytes(UTF_8)));

    assertThat(problem.kind()).isEqualTo(IssueKind.UNSUPPORTED_MEDIA_TYPE);
  }
}
