package org.concordat.broker.web;

import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.jspecify.annotations.Nullable;

/**
 * Client input turned into the core's values at the edge: what the client sent wrong is an {@link
 * InvalidRequest} naming the field and what it takes, never repeating the value (an NHS number is
 * personal data; the other codes are repeated by nothing but the client).
 */
public final class ClientInput {
  private ClientInput() {}

  /** {@code raw} as an ODS code; {@code field} names it in the refusal. */
  public static OdsCode ods(@Nullable String raw, String field) {
    try {
      return OdsCode.of(require(raw, field));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          field + " is not an ODS code (3 to 10 upper-case letters or digits)");
    }
  }

  /** {@code raw} as a purpose code. */
  public static PurposeCode purpose(@Nullable String raw, String field) {
    try {
      return PurposeCode.of(require(raw, field));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          field + " is not a purpose code (lower-case words joined by hyphens)");
    }
  }

  /** {@code raw} as a category code. */
  public static CategoryCode category(@Nullable String raw, String field) {
    try {
      return CategoryCode.of(require(raw, field));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          field + " is not a category code (lower-case words joined by hyphens)");
    }
  }

  /**
   * {@code raw} as an NHS number. The refusal says what is wrong with it (its length, a character
   * that is not a digit, the check digit) and never the number.
   */
  public static NhsNumber nhsNumber(@Nullable String raw) {
    try {
      return NhsNumber.parse(raw);
    } catch (InvalidNhsNumberException e) {
      // The core's sentences describe the fault and never quote the number.
      throw new InvalidRequest(String.valueOf(e.getMessage()));
    }
  }

  /** {@code raw} as a verifier key ({@code <name>+<key id>+<base64 key>}). */
  public static VerifierKey verifierKey(@Nullable String raw) {
    try {
      return VerifierKey.parse(require(raw, "key"));
    } catch (IllegalArgumentException e) {
      // The key is public and the sentences say which part is wrong: worth passing on.
      throw new InvalidRequest("key is not a verifier key: " + e.getMessage());
    }
  }

  private static String require(@Nullable String raw, String field) {
    if (raw == null) {
      throw new InvalidRequest(field + " is required");
    }
    return raw;
  }
}
