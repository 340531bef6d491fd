package org.concordat.adapters.transport.file;

/**
 * A dropped file that cannot be processed; the file-drop route moves it to quarantine with this
 * message as its {@code .reason.txt}. The message must not contain personal data.
 */
public final class FileRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FileRejectedException(String message) {
    super(message);
  }
}
