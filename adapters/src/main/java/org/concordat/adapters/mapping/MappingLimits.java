package org.concordat.adapters.mapping;

/**
 * Bounds on what one translation reads, so that a large or hostile input costs a known amount. A
 * mapping may lower them ({@code limits:} in its file), never raise them.
 *
 * @param maxBytes the largest input, in bytes (default 10 MiB)
 * @param maxRecords the most records in one input (default 10,000)
 * @param maxValueChars the longest single value, in characters (default 10,000)
 */
public record MappingLimits(int maxBytes, int maxRecords, int maxValueChars) {
  public static final MappingLimits DEFAULT = new MappingLimits(10 * 1024 * 1024, 10_000, 10_000);

  public MappingLimits {
    if (maxBytes < 1 || maxRecords < 1 || maxValueChars < 1) {
      throw new IllegalArgumentException("Mapping limits are positive");
    }
  }

  /** The tighter of these limits and {@code other}. */
  MappingLimits tighten(MappingLimits other) {
    return new MappingLimits(
        Math.min(maxBytes, other.maxBytes),
        Math.min(maxRecords, other.maxRecords),
        Math.min(maxValueChars, other.maxValueChars));
  }
}
