package org.concordat.protocols.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.Test;

/** Which directive governs, and which ones a new directive is fully overridden by. */
class DirectivePrecedenceTest {
  private static ConsentDirective directive(
      String reference, ConsentDirective.Kind kind, String day, Set<String> purposes) {
    return new ConsentDirective(
            reference,
            kind,
            purposes.stream().map(PurposeCode::of).collect(java.util.stream.Collectors.toSet()),
            Set.of(OdsCode.of("XVO001")),
            Set.of(),
            null,
            null)
        .withDated(LocalDate.parse(day));
  }

  private static final ConsentDirective REFUSAL =
      directive("Consent/r", ConsentDirective.Kind.DENY, "2026-10-01", Set.of());

  @Test
  void theMostRecentDirectiveGovernsAndNamesWhatItOverrode() {
    ConsentDirective permit =
        directive("Consent/p", ConsentDirective.Kind.PERMIT, "2026-11-15", Set.of("housing"));
    DirectivePrecedence.Governing governing =
        DirectivePrecedence.governing(List.of(REFUSAL, permit), CategoryCode.of("contacts"));
    assertThat(governing).isNotNull();
    assertThat(governing.kind()).isEqualTo(ConsentDirective.Kind.PERMIT);
    assertThat(governing.governing()).containsExactly(permit);
    assertThat(governing.overridden()).containsExactly(REFUSAL);
  }

  @Test
  void aBackdatedPermitInsideALaterRefusalIsFullyOverridden() {
    ConsentDirective backdated =
        directive("Consent/b", ConsentDirective.Kind.PERMIT, "2026-09-01", Set.of("housing"));
    assertThat(DirectivePrecedence.overriders(backdated, List.of(REFUSAL)))
        .containsExactly(REFUSAL);
    ConsentDirective sameDay =
        directive("Consent/s", ConsentDirective.Kind.PERMIT, "2026-10-01", Set.of("housing"));
    assertThat(DirectivePrecedence.overriders(sameDay, List.of(REFUSAL))).containsExactly(REFUSAL);
  }

  @Test
  void aLaterPermitOrOneWiderThanTheRefusalIsNotOverridden() {
    ConsentDirective later =
        directive("Consent/l", ConsentDirective.Kind.PERMIT, "2026-11-15", Set.of("housing"));
    assertThat(DirectivePrecedence.overriders(later, List.of(REFUSAL))).isEmpty();
    ConsentDirective narrowRefusal =
        directive("Consent/n", ConsentDirective.Kind.DENY, "2026-12-01", Set.of("housing"));
    ConsentDirective wide =
        directive("Consent/w", ConsentDirective.Kind.PERMIT, "2026-11-15", Set.of());
    assertThat(DirectivePrecedence.overriders(wide, List.of(narrowRefusal))).isEmpty();
  }
}
