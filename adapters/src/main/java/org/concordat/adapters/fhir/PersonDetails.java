package org.concordat.adapters.fhir;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * The demographics and contact details of a notice's subject, as far as the notice gives them.
 * Personal data: {@link #toString()} shows none of it.
 *
 * @param givenNames all given names, joined by single spaces
 * @param birthDate null when absent or given only to the year or month
 * @param gender the FHIR administrative gender code ({@code male}, {@code female}, {@code other},
 *     {@code unknown})
 * @param postcode from the home address, else the first address with one
 * @param phone the subject's own phone number (home, then mobile, then any), not a contact's
 */
public record PersonDetails(
    @Nullable String familyName,
    @Nullable String givenNames,
    @Nullable LocalDate birthDate,
    @Nullable String gender,
    @Nullable String postcode,
    @Nullable String phone) {

  @Override
  public String toString() {
    return "PersonDetails[withheld]";
  }
}
