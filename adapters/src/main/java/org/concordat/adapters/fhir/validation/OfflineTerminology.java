package org.concordat.adapters.fhir.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.concordat.adapters.fhir.validation.ValidationIssue.Severity;
import org.jspecify.annotations.Nullable;

/**
 * How the validator's findings about codes are reported when there is no terminology server.
 *
 * <p>SNOMED CT, dm+d, LOINC, ICD-10 and the Read codes are too large (and, for some, licensed) to
 * ship, and UK Core ValueSets select SNOMED CT concepts by filters (ECL, is-a) that only a
 * terminology server can expand. Offline, HAPI can neither say that such a code exists nor that it
 * is in such a ValueSet; depending on the binding it reports that as a warning or, for a required
 * binding, an error. A partner's message must not be refused for what the broker could not check,
 * so every terminology finding that names one of these systems is at most a warning, and one that
 * says the code could not be checked is reworded to say so plainly ({@link
 * ValidationIssue#NOT_CHECKED_OFFLINE}).
 *
 * <p>One HAPI defect is also corrected here: membership of the R4 {@code languages} ValueSet is
 * reported as an error although every R4 binding to it is {@code preferred} (hapi-fhir issue 7959).
 * The required binding to {@code all-languages} is still checked.
 */
final class OfflineTerminology {

  /** The code systems that need a terminology server, by URL, with the names people use. */
  static final Map<String, String> SYSTEMS = systems();

  static final String LANGUAGES_VALUE_SET = "http://hl7.org/fhir/ValueSet/languages";

  private static final Pattern LANGUAGES =
      Pattern.compile(Pattern.quote(LANGUAGES_VALUE_SET) + "(?![\\w-])");

  /**
   * Phrases with which HAPI says that it could not check a code, as opposed to that it is wrong.
   */
  private static final Pattern NOT_CHECKED =
      Pattern.compile(
          "codesystem is unknown|unknown code ?system|unable to expand|ignored/not-present"
              + "|can't be validated|cannot be validated|could not be found|was not checked",
          Pattern.CASE_INSENSITIVE);

  /** HAPI prints some filters as Java object names ({@code ConceptSetFilterComponent@9accff0}). */
  private static final Pattern FILTER_LIST = Pattern.compile("filters '\\[[^']*\\]'");

  private static final Pattern JAVA_OBJECT =
      Pattern.compile("org\\.hl7\\.fhir\\.[\\w.$]+@\\p{XDigit}+");

  private OfflineTerminology() {}

  private static Map<String, String> systems() {
    // Longer URLs first: the ICD-10 UK URL starts with the ICD-10 one.
    Map<String, String> systems = new LinkedHashMap<>();
    systems.put("http://snomed.info/sct", "SNOMED CT");
    systems.put("https://dmd.nhs.uk", "dm+d");
    systems.put("http://loinc.org", "LOINC");
    systems.put("http://hl7.org/fhir/sid/icd-10-uk", "ICD-10 (UK)");
    systems.put("http://hl7.org/fhir/sid/icd-10", "ICD-10");
    systems.put("http://read.info/readv2", "Read v2");
    systems.put("http://read.info/ctv3", "Read CTV3");
    return Collections.unmodifiableMap(systems);
  }

  /**
   * The finding as reported: unchanged unless it is a terminology finding about an offline code
   * system or the {@code languages} ValueSet.
   *
   * @param messageId HAPI's message key ({@code Terminology_PassThrough_TX_Message}, say), when
   *     there is one
   */
  static ValidationIssue review(
      Severity severity, @Nullable String messageId, String location, String message) {
    if (!isTerminology(messageId)) {
      return new ValidationIssue(severity, location, message);
    }
    Optional<Map.Entry<String, String>> offline = offlineSystemNamedIn(message);
    if (offline.isPresent() && (severity.isError() || NOT_CHECKED.matcher(message).find())) {
      return new ValidationIssue(
          severity.isError() ? Severity.WARNING : severity,
          location,
          ValidationIssue.NOT_CHECKED_OFFLINE
              + offline.get().getValue()
              + " ("
              + offline.get().getKey()
              + ") needs a terminology server and none is configured, so this code was not"
              + " checked. The validator said: "
              + tidy(message));
    }
    if (severity.isError() && LANGUAGES.matcher(message).find()) {
      return new ValidationIssue(
          Severity.WARNING,
          location,
          tidy(message)
              + " (a warning: every FHIR R4 binding to this ValueSet is preferred, not required)");
    }
    return new ValidationIssue(severity, location, tidy(message));
  }

  private static boolean isTerminology(@Nullable String messageId) {
    if (messageId == null) {
      return false;
    }
    String id = messageId.toLowerCase(Locale.ROOT);
    return id.startsWith("terminology_")
        || id.startsWith("tx_")
        || id.startsWith("unknown_codesystem")
        || id.startsWith("codesystem_cs_unk");
  }

  private static Optional<Map.Entry<String, String>> offlineSystemNamedIn(String message) {
    return SYSTEMS.entrySet().stream().filter(e -> message.contains(e.getKey())).findFirst();
  }

  private static String tidy(String message) {
    String tidied = FILTER_LIST.matcher(message).replaceAll("its filters");
    return JAVA_OBJECT.matcher(tidied).replaceAll("…");
  }
}
