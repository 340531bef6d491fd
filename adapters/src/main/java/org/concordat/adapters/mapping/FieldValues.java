package org.concordat.adapters.mapping;

import org.jspecify.annotations.Nullable;

/** Checks on a local value that apply in both directions: length and pattern. */
final class FieldValues {
  private FieldValues() {}

  /** What is wrong with a local value, or null if nothing is. Never quotes the value. */
  static @Nullable String checkLocal(Field field, String value) {
    if (value.length() > field.maxLength()) {
      return "The value has "
          + value.length()
          + " characters; the field holds at most "
          + field.maxLength()
          + ".";
    }
    if (field.pattern() != null && !field.pattern().matcher(value).matches()) {
      return "The value does not match the field's pattern " + field.pattern().pattern() + ".";
    }
    return null;
  }
}
