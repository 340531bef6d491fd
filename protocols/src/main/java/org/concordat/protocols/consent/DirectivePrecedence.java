package org.concordat.protocols.consent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.jspecify.annotations.Nullable;

/**
 * Which of a person's directives governs when several speak about the same disclosure: for each
 * purpose, recipient and category the most recent directive that covers it governs, so a later
 * specific permit opens exactly its scope and a later refusal closes whatever it covers. Directives
 * of the same day combine, with a refusal winning over a permit (so a permit with deny exceptions
 * means what it says). Undated directives are older than every dated one.
 */
public final class DirectivePrecedence {
  private DirectivePrecedence() {}

  /**
   * What governs one category.
   *
   * @param kind the kind of the governing directives
   * @param governing the directives of the most recent day that cover the category, of {@code kind}
   * @param overridden the older directives of the other kind that cover the category
   */
  public record Governing(
      ConsentDirective.Kind kind,
      List<ConsentDirective> governing,
      List<ConsentDirective> overridden) {
    public Governing {
      Objects.requireNonNull(kind, "kind");
      governing = List.copyOf(governing);
      overridden = List.copyOf(overridden);
      if (governing.isEmpty()) {
        throw new IllegalArgumentException("Something governs");
      }
    }

    /** Whether a governing directive speaks about every category. */
    public boolean coversAllCategories() {
      for (ConsentDirective d : governing) {
        if (d.coversAllCategories()) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * What governs {@code category} among {@code applicable}, the directives that already cover the
   * disclosure's purpose, recipient and time; null when none speaks about the category.
   */
  public static @Nullable Governing governing(
      List<ConsentDirective> applicable, CategoryCode category) {
    LocalDate latest = null;
    boolean any = false;
    for (ConsentDirective d : applicable) {
      if (d.coversCategory(category)) {
        LocalDate day = day(d);
        if (!any || day.isAfter(latest)) {
          latest = day;
        }
        any = true;
      }
    }
    if (!any) {
      return null;
    }
    boolean refusal = false;
    for (ConsentDirective d : applicable) {
      if (d.coversCategory(category)
          && day(d).equals(latest)
          && d.kind() == ConsentDirective.Kind.DENY) {
        refusal = true;
        break;
      }
    }
    ConsentDirective.Kind kind =
        refusal ? ConsentDirective.Kind.DENY : ConsentDirective.Kind.PERMIT;
    List<ConsentDirective> governing = new ArrayList<>();
    List<ConsentDirective> overridden = new ArrayList<>();
    for (ConsentDirective d : applicable) {
      if (!d.coversCategory(category)) {
        continue;
      }
      if (d.kind() == kind && day(d).equals(latest)) {
        governing.add(d);
      } else if (d.kind() != kind) {
        overridden.add(d);
      }
    }
    return new Governing(kind, governing, overridden);
  }

  /**
   * The directives among {@code others} that fully override {@code directive}: of the other kind,
   * more recent (or of the same day, when they refuse what it permits), and covering at least every
   * purpose, recipient, category and instant it covers. While one of them is in force, {@code
   * directive} changes no decision.
   */
  public static List<ConsentDirective> overriders(
      ConsentDirective directive, Collection<ConsentDirective> others) {
    List<ConsentDirective> found = new ArrayList<>();
    for (ConsentDirective other : others) {
      if (other.kind() == directive.kind() || other.reference().equals(directive.reference())) {
        continue;
      }
      int order = day(other).compareTo(day(directive));
      boolean wins = order > 0 || (order == 0 && other.kind() == ConsentDirective.Kind.DENY);
      if (wins && contains(other, directive)) {
        found.add(other);
      }
    }
    return found;
  }

  private static boolean contains(ConsentDirective outer, ConsentDirective inner) {
    return containsAll(outer.purposes(), inner.purposes())
        && containsAll(outer.recipients(), inner.recipients())
        && containsAll(outer.categories(), inner.categories())
        && (outer.start() == null
            || (inner.start() != null && !inner.start().isBefore(outer.start())))
        && (outer.end() == null || (inner.end() != null && !inner.end().isAfter(outer.end())));
  }

  /** An empty set means "all": it contains everything; only "all" contains "all". */
  private static <T> boolean containsAll(Set<T> outer, Set<T> inner) {
    return outer.isEmpty() || (!inner.isEmpty() && outer.containsAll(inner));
  }

  private static LocalDate day(ConsentDirective d) {
    LocalDate dated = d.dated();
    return dated == null ? LocalDate.MIN : dated;
  }
}
