package org.concordat.adapters.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mappings in a folder ({@code config/mappings}), by name: {@code NAME.yaml} holds the mapping
 * whose id is {@code NAME}. A mapping is read from its file each time it is asked for, so an
 * integrator can edit a mapping and test it again without a restart. Names are checked before any
 * file is opened, so a name can never reach outside the folder.
 */
public final class MappingCatalogue {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Path folder;

  public MappingCatalogue(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  /** No mapping of that name is in the folder. */
  public static final class UnknownMappingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownMappingException(String message) {
      super(message);
    }
  }

  /** The names of the mapping files, sorted. */
  public List<String> names() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the mappings in " + folder, e);
    }
  }

  /**
   * Reads the mapping {@code name}.
   *
   * @throws UnknownMappingException if there is no such mapping (or the name is not a mapping name)
   * @throws InvalidMappingException if its file has problems
   */
  public Mapping get(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new UnknownMappingException(
          "A mapping name is lower-case words joined by hyphens, e.g. voluntary-referral-form");
    }
    Path file = folder.resolve(name + ".yaml");
    if (!Files.isRegularFile(file)) {
      throw new UnknownMappingException("There is no mapping called " + name);
    }
    Mapping mapping = Mappings.read(file);
    if (!mapping.id().equals(name)) {
      throw new InvalidMappingException(
          List.of(
              new MappingFileProblem(
                  file.toString(),
                  1,
                  1,
                  "The file "
                      + name
                      + ".yaml holds the mapping '"
                      + mapping.id()
                      + "'; name the file after its id.")));
    }
    return mapping;
  }
}
