package org.concordat.adapters.optout;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.subject.NhsNumber;

/**
 * The NHS numbers of one cohort file, in file order (duplicates kept).
 *
 * @param fileName the file's name, for messages (no directory)
 */
public record CohortFile(String fileName, List<NhsNumber> nhsNumbers) {
  public CohortFile {
    Objects.requireNonNull(fileName, "fileName");
    nhsNumbers = List.copyOf(nhsNumbers);
  }

  /** NHS numbers are personal data, so only their count is shown. */
  @Override
  public String toString() {
    return "CohortFile[fileName=" + fileName + ", nhsNumbers=" + nhsNumbers.size() + "]";
  }
}
