package org.concordat.protocols.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The verifier's fast path: decides in one pass over the bytes, without building a JSON tree or any
 * value, that they are exactly the RFC 8785 canonical form of a well-formed {@code disclosure},
 * {@code denial}, {@code delivery-failed} or {@code delivery-cancelled} entry (with or without
 * {@code consents}), and returns its index.
 *
 * <p>It is a <em>sound under-approximation</em> of {@link LedgerEntry#parse}: if {@link #index}
 * returns an index, {@code LedgerEntry.parse} accepts the same bytes, re-encodes them to the same
 * bytes and reads the same index. It returns {@link #NOT_RECOGNISED} for everything else —
 * malformed or non-canonical bytes, other entry types, and a few rare valid forms it does not try
 * to prove (a message id or consent reference whose only non-blank characters are non-ASCII) — and
 * the caller then asks {@code LedgerEntry.parse} for the verdict, so the verifier accepts exactly
 * what {@code parse} accepts and reports the same reasons.
 *
 * <p>How the canonical form is proven without re-encoding: the member sets of the entry and of a
 * disclosure body are fixed (but for the optional {@code consents}, which sorts first), so their
 * canonical (sorted, whitespace-free) layout is one fixed sequence of literal names and
 * punctuation, matched byte for byte; every string must be in the form RFC 8785 writes (valid
 * shortest-form UTF-8 without surrogates, raw characters except {@code "} and {@code \}, the
 * two-character escapes for those and for backspace, form feed, newline, carriage return and tab,
 * {@code \}{@code u00xx} in lower-case hex for the other control characters, nothing else escaped);
 * the index is an integer without sign or leading zero and at most 2<sup>53</sup> &minus; 1. Each
 * value is then checked against the same rules the body records enforce (codes, hashes, decision
 * rules, disclosed categories strictly increasing so the sorted set re-encodes to the same array,
 * no category both disclosed and withheld, consent references that are labels and at least one of
 * them when the member is there, a time that is a real instant and formats back to the same text).
 *
 * <p>Mutable and not thread-safe: one per verification run.
 */
final class CanonicalEntryScanner {
  /** {@link #index} could not prove the bytes canonical and well formed; ask the full parser. */
  static final long NOT_RECOGNISED = -1;

  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  /** Well under any Jackson read limit, so the full parser never refuses what is accepted here. */
  private static final int MAX_BYTES = 1 << 20;

  private static final byte[] ENTRY_START = ascii("{\"body\":{\"decision\":\"");
  private static final byte[] CONSENTS_START = ascii("{\"body\":{\"consents\":[");
  private static final byte[] DECISION_AFTER_CONSENTS = ascii(",\"decision\":\"");
  private static final byte[] DISCLOSED = ascii(",\"disclosed\":[");
  private static final byte[] MESSAGE_ID = ascii(",\"messageId\":\"");
  private static final byte[] PAYLOAD = ascii(",\"payloadSha256\":");
  private static final byte[] PROTOCOL_ID = ascii(",\"protocol\":{\"id\":\"");
  private static final byte[] PROTOCOL_SHA256 = ascii(",\"sha256\":\"");
  private static final byte[] PROTOCOL_VERSION = ascii(",\"version\":\"");
  private static final byte[] PURPOSE = ascii("},\"purpose\":\"");
  private static final byte[] REASONS = ascii(",\"reasons\":[");
  private static final byte[] REASON_CODE = ascii("{\"code\":\"");
  private static final byte[] REASON_TEXT = ascii(",\"text\":\"");
  private static final byte[] RECIPIENT = ascii(",\"recipient\":\"");
  private static final byte[] SENDER = ascii(",\"sender\":\"");
  private static final byte[] SUBJECT = ascii(",\"subject\":\"");
  private static final byte[] WITHHELD = ascii(",\"withheld\":{");
  private static final byte[] INDEX = ascii("},\"index\":");
  private static final byte[] TIME = ascii(",\"time\":\"");
  private static final byte[] TYPE = ascii("\",\"type\":\"");
  private static final byte[] END = ascii("\",\"v\":1}");
  private static final byte[] NULL = ascii("null");

  private static final byte[] PERMIT = ascii("permit");
  private static final byte[] PERMIT_WITH_REDACTIONS = ascii("permit-with-redactions");
  private static final byte[] DENY = ascii("deny");
  private static final byte[] DISCLOSURE = ascii("disclosure");
  private static final byte[] DENIAL = ascii("denial");
  private static final byte[] DELIVERY_FAILED = ascii("delivery-failed");
  private static final byte[] DELIVERY_CANCELLED = ascii("delivery-cancelled");

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long SPACES = ONES * 0x20;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';

  private static final byte OTHER = 0;
  private static final byte LOWER = 1;
  private static final byte UPPER_OR_DIGIT = 2;
  private static final byte HYPHEN = 3;

  /** The kind of each byte value, for codes: a-z, A-Z or 0-9, hyphen, anything else. */
  private static final byte[] CLASS = new byte[256];

  static {
    for (int c = 'a'; c <= 'z'; c++) {
      CLASS[c] = LOWER;
    }
    for (int c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = UPPER_OR_DIGIT;
    }
    for (int c = '0'; c <= '9'; c++) {
      CLASS[c] = UPPER_OR_DIGIT;
    }
    CLASS['-'] = HYPHEN;
  }

  private static final int[] DAYS_IN_MONTH = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private byte[] b = new byte[0];
  private int p;

  /** Start and end offsets of the disclosed categories, in order: [start0, end0, start1, ...]. */
  private int[] disclosed = new int[16];

  /**
   * The index of the entry whose canonical bytes {@code bytes} are, or {@link #NOT_RECOGNISED} if
   * this fast path cannot prove they are.
   */
  long index(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      return NOT_RECOGNISED;
    }
    b = bytes;
    p = 0;
    try {
      return scan();
    } catch (ArrayIndexOutOfBoundsException e) {
      // Ran off the end: the bytes are truncated or malformed somewhere.
      return NOT_RECOGNISED;
    } finally {
      b = new byte[0];
    }
  }

  private long scan() {
    // consents: present only when not empty; any order (the decision's), each a label
    if (literal(CONSENTS_START)) {
      byte c;
      do {
        if (b[p++] != '"' || !label()) {
          return NOT_RECOGNISED;
        }
        c = b[p++];
      } while (c == ',');
      if (c != ']' || !literal(DECISION_AFTER_CONSENTS)) {
        return NOT_RECOGNISED;
      }
    } else if (!literal(ENTRY_START)) {
      return NOT_RECOGNISED;
    }
    // decision
    int decisionStart = p;
    if (!string()) {
      return NOT_RECOGNISED;
    }
    int decisionEnd = p - 1;
    boolean deny;
    boolean redactions;
    if (equalsAt(decisionStart, decisionEnd, PERMIT)) {
      deny = false;
      redactions = false;
    } else if (equalsAt(decisionStart, decisionEnd, PERMIT_WITH_REDACTIONS)) {
      deny = false;
      redactions = true;
    } else if (equalsAt(decisionStart, decisionEnd, DENY)) {
      deny = true;
      redactions = false;
    } else {
      return NOT_RECOGNISED;
    }
    // disclosed: category codes, strictly increasing (the model writes its set sorted)
    if (!literal(DISCLOSED)) {
      return NOT_RECOGNISED;
    }
    int disclosedCount = 0;
    if (b[p] == ']') {
      p++;
    } else {
      while (true) {
        if (b[p++] != '"') {
          return NOT_RECOGNISED;
        }
        int start = p;
        if (!kebab()) {
          return NOT_RECOGNISED;
        }
        int end = p - 1;
        if (disclosedCount > 0) {
          int prev = 2 * (disclosedCount - 1);
          if (compare(disclosed[prev], disclosed[prev + 1], start, end) >= 0) {
            return NOT_RECOGNISED;
          }
        }
        if (2 * disclosedCount + 1 >= disclosed.length) {
          disclosed = Arrays.copyOf(disclosed, disclosed.length * 2);
        }
        disclosed[2 * disclosedCount] = start;
        disclosed[2 * disclosedCount + 1] = end;
        disclosedCount++;
        byte c = b[p++];
        if (c == ']') {
          break;
        }
        if (c != ',') {
          return NOT_RECOGNISED;
        }
      }
    }
    // messageId: any string, not blank
    if (!literal(MESSAGE_ID)) {
      return NOT_RECOGNISED;
    }
    int idStart = p;
    if (!string() || !hasVisibleAscii(idStart, p - 1)) {
      return NOT_RECOGNISED;
    }
    // payloadSha256: null or hex
    if (!literal(PAYLOAD)) {
      return NOT_RECOGNISED;
    }
    boolean payload;
    if (b[p] == 'n') {
      if (!literal(NULL)) {
        return NOT_RECOGNISED;
      }
      payload = false;
    } else {
      if (b[p++] != '"' || !hex64()) {
        return NOT_RECOGNISED;
      }
      payload = true;
    }
    // protocol {id, sha256, version}
    if (!literal(PROTOCOL_ID)
        || !string()
        || !literal(PROTOCOL_SHA256)
        || !hex64()
        || !literal(PROTOCOL_VERSION)
        || !string()) {
      return NOT_RECOGNISED;
    }
    if (!literal(PURPOSE) || !kebab()) {
      return NOT_RECOGNISED;
    }
    // reasons: at least one {code, text}
    if (!literal(REASONS)) {
      return NOT_RECOGNISED;
    }
    while (true) {
      if (!reason()) {
        return NOT_RECOGNISED;
      }
      byte c = b[p++];
      if (c == ']') {
        break;
      }
      if (c != ',') {
        return NOT_RECOGNISED;
      }
    }
    if (!literal(RECIPIENT) || !odsCode() || !literal(SENDER) || !odsCode()) {
      return NOT_RECOGNISED;
    }
    if (!literal(SUBJECT) || !hex64()) {
      return NOT_RECOGNISED;
    }
    // withheld: category -> reason, keys strictly increasing (canonical order, no duplicate),
    // none of them disclosed
    if (!literal(WITHHELD)) {
      return NOT_RECOGNISED;
    }
    int withheldCount = 0;
    int prevStart = -1;
    int prevEnd = -1;
    int nextDisclosed = 0;
    if (b[p] == '}') {
      p++;
    } else {
      while (true) {
        if (b[p++] != '"') {
          return NOT_RECOGNISED;
        }
        int start = p;
        if (!kebab()) {
          return NOT_RECOGNISED;
        }
        int end = p - 1;
        if (withheldCount > 0 && compare(prevStart, prevEnd, start, end) >= 0) {
          return NOT_RECOGNISED;
        }
        // Both lists are strictly increasing: a merge finds any category in both.
        while (nextDisclosed < disclosedCount) {
          int order =
              compare(disclosed[2 * nextDisclosed], disclosed[2 * nextDisclosed + 1], start, end);
          if (order == 0) {
            return NOT_RECOGNISED;
          }
          if (order > 0) {
            break;
          }
          nextDisclosed++;
        }
        prevStart = start;
        prevEnd = end;
        withheldCount++;
        if (b[p++] != ':' || !reason()) {
          return NOT_RECOGNISED;
        }
        byte c = b[p++];
        if (c == '}') {
          break;
        }
        if (c != ',') {
          return NOT_RECOGNISED;
        }
      }
    }
    // The decision rules DisclosureBody enforces.
    if (deny) {
      if (disclosedCount != 0 || payload) {
        return NOT_RECOGNISED;
      }
    } else {
      if (disclosedCount == 0 || !payload || redactions != (withheldCount > 0)) {
        return NOT_RECOGNISED;
      }
    }
    if (!literal(INDEX)) {
      return NOT_RECOGNISED;
    }
    long index = integer();
    if (index < 0 || !literal(TIME) || !time() || !literal(TYPE)) {
      return NOT_RECOGNISED;
    }
    int typeStart = p;
    if (!string()) {
      return NOT_RECOGNISED;
    }
    int typeEnd = p - 1;
    boolean denial = equalsAt(typeStart, typeEnd, DENIAL);
    if (!denial
        && !equalsAt(typeStart, typeEnd, DISCLOSURE)
        && !equalsAt(typeStart, typeEnd, DELIVERY_FAILED)
        && !equalsAt(typeStart, typeEnd, DELIVERY_CANCELLED)) {
      return NOT_RECOGNISED;
    }
    // A denial entry records a deny decision, and only a denial does.
    if (denial != deny) {
      return NOT_RECOGNISED;
    }
    p--; // END starts with the closing quote of the type
    if (!literal(END) || p != b.length) {
      return NOT_RECOGNISED;
    }
    return index;
  }

  /**
   * The rest of a string after its opening quote that {@code Json.requireLabel} accepts: 1 to
   * {@link Json#MAX_LABEL} UTF-16 units, no control character, not blank. Blankness is proven only
   * by a visible ASCII character; a label without one goes to the full parser. Leaves {@code p}
   * after the closing quote.
   */
  private boolean label() {
    int start = p;
    if (!string()) {
      return false;
    }
    int end = p - 1;
    int units = 0;
    boolean visible = false;
    for (int i = start; i < end; i++) {
      int c = b[i] & 0xff;
      if (c == '\\') {
        // string() let through only the escapes RFC 8785 writes: all but these two stand for
        // control characters, which a label never holds.
        byte e = b[++i];
        if (e != '"' && e != '\\') {
          return false;
        }
        visible = true;
        units++;
      } else if (c < 0x80) {
        visible |= c > 0x20 && c < 0x7f;
        units++;
      } else if (c >= 0xf0) {
        // A supplementary character: two UTF-16 units (a surrogate pair).
        units += 2;
      } else if (c >= 0xc0) {
        // The lead byte of a two- or three-byte character: one unit; continuation bytes add none.
        units++;
      }
    }
    return visible && units <= Json.MAX_LABEL;
  }

  /** {"code": kebab, "text": string}. */
  private boolean reason() {
    return literal(REASON_CODE) && kebab() && literal(REASON_TEXT) && string() && b[p++] == '}';
  }

  private boolean literal(byte[] expected) {
    int n = expected.length;
    if (p + n > b.length || !Arrays.equals(b, p, p + n, expected, 0, n)) {
      return false;
    }
    p += n;
    return true;
  }

  private boolean equalsAt(int start, int end, byte[] expected) {
    return Arrays.equals(b, start, end, expected, 0, expected.length);
  }

  /** Compares two ASCII ranges of {@code b}: the order of {@link String#compareTo}. */
  private int compare(int aStart, int aEnd, int bStart, int bEnd) {
    return Arrays.compare(b, aStart, aEnd, b, bStart, bEnd);
  }

  /**
   * The rest of a string after its opening quote, in exactly the form RFC 8785 writes; leaves
   * {@code p} after the closing quote.
   */
  private boolean string() {
    byte[] s = b;
    int i = p;
    int last = s.length - Long.BYTES;
    while (true) {
      // Eight bytes at a time while all are plain printable ASCII: none below 0x20, none 0x80 or
      // above, no quote, no backslash. Any other byte is handled one character at a time below.
      while (i <= last) {
        long x = (long) LONGS.get(s, i);
        long quote = x ^ QUOTES;
        long backslash = x ^ BACKSLASHES;
        long special =
            ((x - SPACES) & ~x) | ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | x;
        if ((special & HIGH_BITS) != 0) {
          break;
        }
        i += Long.BYTES;
      }
      int c = s[i++];
      if (c >= 0x20) {
        // printable ASCII (0x20..0x7f)
        if (c == '"') {
          p = i;
          return true;
        }
        if (c == '\\') {
          int e = s[i++];
          switch (e) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {}
            case 'u' -> {
              // Only control characters without a short escape are written as \\u00xx.
              if (s[i] != '0' || s[i + 1] != '0') {
                return false;
              }
              int high = s[i + 2];
              int low = lowerHex(s[i + 3]);
              if (low < 0 || (high != '0' && high != '1')) {
                return false;
              }
              int value = (high - '0') * 16 + low;
              if (value == '\b'
                  || value == '\f'
                  || value == '\n'
                  || value == '\r'
                  || value == '\t') {
                return false;
              }
              i += 4;
            }
            default -> {
              return false;
            }
          }
        }
      } else if (c >= 0) {
        // A raw control character is not JSON.
        return false;
      } else {
        int lead = c & 0xff;
        if (lead >= 0xc2 && lead <= 0xdf) {
          if (!continuation(s[i])) {
            return false;
          }
          i += 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
          int second = s[i] & 0xff;
          // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
          if (lead == 0xe0
              ? second < 0xa0 || second > 0xbf
              : lead == 0xed ? second < 0x80 || second > 0x9f : second < 0x80 || second > 0xbf) {
            return false;
          }
          if (!continuation(s[i + 1])) {
            return false;
          }
          i += 2;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
          int second = s[i] & 0xff;
          // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..).
          if (lead == 0xf0
              ? second < 0x90 || second > 0xbf
              : lead == 0xf4 ? second < 0x80 || second > 0x8f : second < 0x80 || second > 0xbf) {
            return false;
          }
          if (!continuation(s[i + 1]) || !continuation(s[i + 2])) {
            return false;
          }
          i += 3;
        } else {
          return false;
        }
      }
    }
  }

  private static boolean continuation(byte c) {
    return (c & 0xc0) == 0x80;
  }

  private static int lowerHex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /**
   * Whether a canonical string's raw bytes (without quotes) hold a printable non-space ASCII
   * character, so that the string is not blank. Escapes count only for {@code "} and {@code \}.
   */
  private boolean hasVisibleAscii(int start, int end) {
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (c == '\\') {
        byte e = b[++i];
        if (e == '"' || e == '\\') {
          return true;
        }
        if (e == 'u') {
          i += 4;
        }
      } else if (c > 0x20 && c < 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** 64 lower-case hex digits and the closing quote. */
  private boolean hex64() {
    byte[] s = b;
    int end = p + 64;
    if (end >= s.length) {
      return false;
    }
    // Eight digits at a time: with no byte at or above 0x80, adding (0x80 - lo) sets a byte's high
    // bit exactly when it is at least lo, and adding (0x7f - hi) exactly when it is above hi.
    for (int i = p; i < end; i += Long.BYTES) {
      long x = (long) LONGS.get(s, i);
      long digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x7f - '9'));
      long letter = (x + ONES * (0x80 - 'a')) & ~(x + ONES * (0x7f - 'f'));
      if ((x & HIGH_BITS) != 0 || ((digit | letter) & HIGH_BITS) != HIGH_BITS) {
        return false;
      }
    }
    if (s[end] != '"') {
      return false;
    }
    p = end + 1;
    return true;
  }

  /** An ODS code ([A-Z0-9]{3,10}) and the closing quote. */
  private boolean odsCode() {
    byte[] s = b;
    int i = p;
    while (CLASS[s[i] & 0xff] == UPPER_OR_DIGIT) {
      i++;
    }
    int length = i - p;
    if (length < 3 || length > 10 || s[i] != '"') {
      return false;
    }
    p = i + 1;
    return true;
  }

  /** A kebab-case code ([a-z0-9]+(-[a-z0-9]+)*) and the closing quote. */
  private boolean kebab() {
    byte[] s = b;
    int i = p;
    boolean afterWordChar = false;
    while (true) {
      byte kind = CLASS[s[i] & 0xff];
      if (kind == LOWER || kind == UPPER_OR_DIGIT && s[i] <= '9') {
        afterWordChar = true;
      } else if (kind == HYPHEN && afterWordChar) {
        afterWordChar = false;
      } else {
        break;
      }
      i++;
    }
    // Not empty, not ending in a hyphen (a leading or doubled hyphen stopped the loop above).
    if (!afterWordChar || s[i] != '"') {
      return false;
    }
    p = i + 1;
    return true;
  }

  /** A non-negative integer without leading zeros, at most 2^53 - 1; -1 if not. */
  private long integer() {
    byte[] s = b;
    int start = p;
    long value = 0;
    int i = p;
    while (i < s.length && s[i] >= '0' && s[i] <= '9' && i - start < 17) {
      value = value * 10 + (s[i] - '0');
      i++;
    }
    int digits = i - start;
    if (digits == 0 || digits > 16 || (digits > 1 && s[start] == '0') || value > MAX_SAFE_INTEGER) {
      return -1;
    }
    p = i;
    return value;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS.sssZ} naming a real instant (years 0000 to 9999, no leap second),
   * which {@code Instant.parse} reads and the entry format writes back to the same text.
   */
  private boolean time() {
    byte[] s = b;
    int t = p;
    if (t + 24 > s.length
        || s[t + 4] != '-'
        || s[t + 7] != '-'
        || s[t + 10] != 'T'
        || s[t + 13] != ':'
        || s[t + 16] != ':'
        || s[t + 19] != '.'
        || s[t + 23] != 'Z') {
      return false;
    }
    int year = digits(t, 4);
    int month = digits(t + 5, 2);
    int day = digits(t + 8, 2);
    int hour = digits(t + 11, 2);
    int minute = digits(t + 14, 2);
    int second = digits(t + 17, 2);
    int millis = digits(t + 20, 3);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return false;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59 || millis < 0) {
      return false;
    }
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    int days = month == 2 && leap ? 29 : DAYS_IN_MONTH[month];
    if (day > days) {
      return false;
    }
    p = t + 24;
    return true;
  }

  /** The decimal value of {@code count} ASCII digits at {@code at}, or -1 if any is not a digit. */
  private int digits(int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static byte[] ascii(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) s.charAt(i);
    }
    return out;
  }
}
