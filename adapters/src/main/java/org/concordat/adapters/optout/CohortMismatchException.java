package org.concordat.adapters.optout;

/**
 * The returned file holds NHS numbers that were not submitted, so it is not the answer to that
 * submission (or the two files were given the wrong way round). Nothing can be concluded about
 * anyone's opt-out from such a pair.
 */
public final class CohortMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int unexpected;

  public CohortMismatchException(String submittedFile, String returnedFile, int unexpected) {
    super(
        returnedFile
            + " has "
            + unexpected
            + (unexpected == 1 ? " NHS number that is" : " NHS numbers that are")
            + " not in "
            + submittedFile
            + ": the files do not belong together, or were given the wrong way round. Compare"
            + " the returned file with the file that was submitted for it");
    this.unexpected = unexpected;
  }

  /** How many distinct NHS numbers the returned file has that the submitted file does not. */
  public int unexpected() {
    return unexpected;
  }
}
