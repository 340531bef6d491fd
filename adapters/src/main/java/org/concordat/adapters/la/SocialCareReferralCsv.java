package org.concordat.adapters.la;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.concordat.adapters.fhir.EncounterDetails;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;

/**
 * The council's social care referral CSV: a header row and one row per notice, UTF-8 without a byte
 * order mark, CRLF line ends, fields quoted only when RFC 4180 needs it. The columns and rules are
 * documented in {@code docs/formats/social-care-referral-csv.md}.
 *
 * <p>Every column belongs to a data category or is message metadata. Columns of a category the
 * decision does not permit are left empty, so their values appear nowhere in the output. The NHS
 * number is always present: the council cannot act on a notice without it. Cells that a spreadsheet
 * would read as a formula get a leading {@code '}. Stateless and thread-safe.
 */
public final class SocialCareReferralCsv {
  public static final CategoryCode DEMOGRAPHICS = CategoryCode.of("demographics");
  public static final CategoryCode CONTACTS = CategoryCode.of("contacts");
  public static final CategoryCode ENCOUNTER = CategoryCode.of("encounter");

  private static final String CRLF = "\r\n";

  /** A column: its header, its category (null for metadata and the NHS number) and its value. */
  private record Column(
      String header,
      @Nullable CategoryCode category,
      BiFunction<ParsedNotice, Long, @Nullable String> value) {}

  private static final List<Column> COLUMNS =
      List.of(
          new Column("notice_message_id", null, (n, i) -> n.messageId()),
          new Column("ledger_index", null, (n, i) -> Long.toString(i)),
          new Column("notice_event_code", null, (n, i) -> n.eventCode()),
          new Column("notice_event", null, (n, i) -> n.eventDisplay()),
          new Column("sending_organisation", null, (n, i) -> n.sender().value()),
          new Column(
              "receiving_organisation",
              null,
              (n, i) ->
                  n.receivers().stream().map(OdsCode::value).collect(Collectors.joining(" "))),
          new Column("nhs_number", null, (n, i) -> n.nhsNumber().value()),
          new Column("family_name", DEMOGRAPHICS, (n, i) -> n.person().familyName()),
          new Column("given_name", DEMOGRAPHICS, (n, i) -> n.person().givenNames()),
          new Column("birth_date", DEMOGRAPHICS, (n, i) -> isoDate(n.person().birthDate())),
          new Column("gender", DEMOGRAPHICS, (n, i) -> n.person().gender()),
          new Column("postcode", DEMOGRAPHICS, (n, i) -> n.person().postcode()),
          new Column("phone", CONTACTS, (n, i) -> n.person().phone()),
          new Column(
              "encounter_class",
              ENCOUNTER,
              (n, i) -> encounter(n, EncounterDetails::encounterClass)),
          new Column(
              "encounter_status", ENCOUNTER, (n, i) -> encounter(n, EncounterDetails::status)),
          new Column("admitted_at", ENCOUNTER, (n, i) -> encounter(n, EncounterDetails::start)),
          new Column("discharged_at", ENCOUNTER, (n, i) -> encounter(n, EncounterDetails::end)));

  /** The column headers, in order. */
  public static List<String> headers() {
    return COLUMNS.stream().map(Column::header).toList();
  }

  /**
   * The CSV for one notice: the header row and one data row.
   *
   * @param ledgerIndex the index of the disclosure's ledger entry, so the council can cite it
   * @param permitted the data categories the decision permits for this recipient; columns of any
   *     other category are left empty
   */
  public byte[] render(ParsedNotice notice, long ledgerIndex, Set<CategoryCode> permitted) {
    if (ledgerIndex < 0) {
      throw new IllegalArgumentException("A ledger index is never negative: " + ledgerIndex);
    }
    StringBuilder csv = new StringBuilder(512);
    csv.append(COLUMNS.stream().map(Column::header).collect(Collectors.joining(","))).append(CRLF);
    csv.append(
            COLUMNS.stream()
                .map(
                    c ->
                        c.category() == null || permitted.contains(c.category())
                            ? cell(c.value().apply(notice, ledgerIndex))
                            : "")
                .collect(Collectors.joining(",")))
        .append(CRLF);
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One field: neutralised against formula injection, then quoted if RFC 4180 requires it (a comma,
   * a double quote, CR or LF), with inner double quotes doubled.
   */
  static String cell(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = startsLikeAFormula(value) ? "'" + value : value;
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\r') >= 0
        || text.indexOf('\n') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  /** What spreadsheets treat as the start of a formula (OWASP CSV injection). */
  private static boolean startsLikeAFormula(String value) {
    char first = value.charAt(0);
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }

  private static @Nullable String isoDate(@Nullable LocalDate date) {
    return date == null ? null : date.toString();
  }

  private static @Nullable String encounter(
      ParsedNotice notice, Function<EncounterDetails, @Nullable String> field) {
    EncounterDetails encounter = notice.encounter();
    return encounter == null ? null : field.apply(encounter);
  }
}
