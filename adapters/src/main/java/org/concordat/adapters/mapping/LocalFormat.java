package org.concordat.adapters.mapping;

import org.jspecify.annotations.Nullable;

/**
 * The shape of a mapping's local files: CSV (a header and one row per record), JSON (one record per
 * file or an array of them) or XML (one record, or a root element holding record elements).
 *
 * @param header CSV: whether the first row names the columns
 * @param delimiter CSV: the field separator
 * @param many JSON and XML: whether a file holds several records
 * @param recordsAt JSON: the JSON Pointer of the array of records ("" for a top-level array)
 * @param root XML: the document element's name
 * @param record XML: the name of each record element under the root (several records)
 */
record LocalFormat(
    Kind kind,
    boolean header,
    char delimiter,
    boolean many,
    String recordsAt,
    @Nullable String root,
    @Nullable String record) {

  /** The three shapes a mapping can describe. */
  enum Kind {
    CSV,
    JSON,
    XML
  }
}
