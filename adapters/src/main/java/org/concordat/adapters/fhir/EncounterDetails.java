package org.concordat.adapters.fhir;

import org.jspecify.annotations.Nullable;

/**
 * The hospital stay a notice is about.
 *
 * @param encounterClass the code of {@code Encounter.class}, e.g. {@code IMP} (inpatient)
 * @param status the {@code Encounter.status} code, e.g. {@code in-progress}, {@code finished}
 * @param start {@code Encounter.period.start} exactly as sent (ISO 8601 date or date-time, whatever
 *     its precision): admission
 * @param end {@code Encounter.period.end} exactly as sent: discharge, actual or planned
 */
public record EncounterDetails(
    @Nullable String encounterClass,
    @Nullable String status,
    @Nullable String start,
    @Nullable String end) {

  /** Shows the class and status only: dates of a stay are personal data once linked to a person. */
  @Override
  public String toString() {
    return "EncounterDetails[class=" + encounterClass + ", status=" + status + "]";
  }
}
