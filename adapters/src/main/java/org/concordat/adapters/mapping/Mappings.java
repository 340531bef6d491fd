package org.concordat.adapters.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads mapping files ({@code config/mappings/*.yaml}, format in {@code docs/mappings.md}). Every
 * problem in a file is reported at once, each with its line, column and a plain sentence; a mapping
 * with any problem is not used.
 */
public final class Mappings {
  /** Mapping files are small; a larger one is refused before it is parsed. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private Mappings() {}

  /**
   * Reads and checks the mapping in {@code file} (UTF-8). Problems name the file as given.
   *
   * @throws InvalidMappingException listing every problem found
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Mapping read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new InvalidMappingException(
            java.util.List.of(
                new MappingFileProblem(
                    file.toString(),
                    1,
                    1,
                    "The mapping file has "
                        + size
                        + " bytes; a mapping is at most "
                        + MAX_FILE_BYTES
                        + " bytes.")));
      }
      return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the mapping file " + file, e);
    }
  }

  /**
   * Reads and checks a mapping from YAML text; {@code sourceName} names it in problems.
   *
   * @throws InvalidMappingException listing every problem found
   */
  public static Mapping read(String sourceName, String yamlText) {
    return MappingReader.read(sourceName, yamlText);
  }
}
