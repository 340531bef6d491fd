package org.concordat.adapters.transport.file;

/** The headers through which the file-drop routes and the receiving bean talk. */
public final class FileDropHeaders {
  /** The ODS code of the partner whose folder a file came from. */
  public static final String PARTNER = "ConcordatPartner";

  /** Set by the receiver when a file is denied: the answer, written to the sender's out folder. */
  public static final String DENIAL = "ConcordatDenial";

  /** The quarantine folder of the partner whose file is being processed. */
  public static final String QUARANTINE_DIR = "ConcordatQuarantineDir";

  /** The unique name the file is kept under in {@code quarantine/} or {@code in/.accepted/}. */
  public static final String KEPT_NAME = "ConcordatKeptName";

  /** The unique name of the answer to a denied file, in the sender's {@code out/} folder. */
  public static final String ANSWER_NAME = "ConcordatAnswerName";

  /**
   * The partner's file name escaped for a log line ({@link
   * org.concordat.adapters.logging.LogSafe#field}).
   */
  public static final String LOG_NAME = "ConcordatLogName";

  /** What the file is read as: a {@link DroppedFileInspector.Format} name. */
  public static final String FORMAT = "ConcordatFormat";

  private FileDropHeaders() {}
}
