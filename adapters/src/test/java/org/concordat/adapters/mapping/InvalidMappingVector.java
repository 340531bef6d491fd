package org.concordat.adapters.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An invalid mapping file under {@code vectors/mapping/invalid}; its first comment lines say what
 * it shows ({@code # desc:}), a part of the problem the reader must report ({@code # wantErr:}) and
 * whether the JSON Schema can see the problem too ({@code # schema: rejects} or {@code accepts}).
 */
record InvalidMappingVector(
    String name, String desc, String wantErr, boolean schemaRejects, String text) {

  static List<InvalidMappingVector> all(Path folder) throws IOException {
    List<InvalidMappingVector> vectors = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String text = Files.readString(file);
        vectors.add(
            new InvalidMappingVector(
                file.getFileName().toString(),
                header(text, "desc"),
                header(text, "wantErr"),
                !header(text, "schema").equals("accepts"),
                text));
      }
    }
    return vectors;
  }

  private static String header(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith("# " + key + ": ")) {
        return line.substring(("# " + key + ": ").length()).strip();
      }
    }
    throw new IllegalArgumentException("The vector has no '# " + key + ":' line");
  }

  @Override
  public String toString() {
    return name;
  }
}
