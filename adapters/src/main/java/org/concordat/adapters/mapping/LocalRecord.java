package org.concordat.adapters.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One record of a local format as flat values: each field of the mapping that has a value, by the
 * field's name, in the mapping's field order. Absent and empty values are left out.
 *
 * @param number the record's number in its input, from 1
 */
public record LocalRecord(int number, Map<String, String> values) {

  public LocalRecord {
    if (number < 1) {
      throw new IllegalArgumentException("Record numbers count from 1: " + number);
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public @Nullable String get(String field) {
    return values.get(field);
  }

  /** Values are personal data: only the field names are shown. */
  @Override
  public String toString() {
    return "LocalRecord[" + number + ", fields=" + values.keySet() + "]";
  }
}
