package org.concordat.adapters.transport.file;

/** The headers through which the file-drop routes and the receiving bean talk. */
public final class FileDropHeaders {
  /** The ODS code of the partner whose folder a file came from. */
  public static final String PARTNER = "ConcordatPartner";

  /** Set by the receiver when a file is denied: the answer, written to the sender's out folder. */
  public static final String DENIAL = "ConcordatDenial";

  /** The quarantine folder of the partner whose file is being processed. */
  public static final String QUARANTINE_DIR = "ConcordatQuarantineDir";

  private FileDropHeaders() {}
}
