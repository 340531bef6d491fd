package org.concordat.adapters.mapping;

import java.util.List;
import java.util.Map;

/** Reads the records of one local format from text and writes records back as a file. */
interface LocalCodec {

  /** One record as read: its values by field name, or the problems that stopped it being read. */
  record RawRecord(int number, Map<String, String> values, List<MappingProblem> problems) {
    public RawRecord {
      values = Map.copyOf(values);
      problems = List.copyOf(problems);
    }
  }

  /** Every record of an input, and the problems of the input as a whole (record 0). */
  record Parsed(List<RawRecord> records, List<MappingProblem> problems) {
    public Parsed {
      records = List.copyOf(records);
      problems = List.copyOf(problems);
    }

    static Parsed refused(String message) {
      return new Parsed(List.of(), List.of(MappingProblem.error(0, null, message)));
    }
  }

  Parsed read(String text, Mapping mapping, MappingLimits limits);

  /** The file for these records; values are escaped as the format requires. */
  byte[] write(Mapping mapping, List<LocalRecord> records);

  static LocalCodec of(LocalFormat format) {
    return switch (format.kind()) {
      case CSV -> new CsvCodec();
      case JSON -> new JsonCodec();
      case XML -> new XmlCodec();
    };
  }
}
