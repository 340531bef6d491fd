package org.concordat.adapters.fhir.minimise;

import static org.concordat.adapters.fhir.minimise.Fixtures.MINIMISER;
import static org.concordat.adapters.fhir.minimise.Fixtures.allBut;
import static org.concordat.adapters.fhir.minimise.Fixtures.assertExactlyWithheld;

import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.concordat.protocols.sharing.CategoryCode;

/**
 * For any record and any categories withheld, the output holds none of the withheld values (unless
 * a permitted category also selects them) and every other value: exactness both ways. Records are
 * generated with a distinct mark in every element, a random number of each kind of resource, and
 * random optional elements left out (which changes which categories touch a resource, and so the
 * resource rule).
 */
class FhirMinimiserPropertiesTest {

  @Property
  void removesExactlyTheWithheldCategories(
      @ForAll("shapes") MarkedRecord.Shape shape,
      @ForAll("prefixes") String prefix,
      @ForAll long seed,
      @ForAll("withheld") Set<CategoryCode> withheld) {
    Random random = new Random(seed);
    MarkedRecord record =
        MarkedRecord.of(
            shape, new MarkedRecord.GeneratedValues(prefix, random), () -> random.nextInt(5) > 0);
    Fixtures.assertWellFormed(record);

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, allBut(withheld));

    assertExactlyWithheld(record, withheld, minimised);
  }

  @Provide
  Arbitrary<Set<CategoryCode>> withheld() {
    return Arbitraries.of(MINIMISER.categories().stream().toList()).set();
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.strings().withCharRange('A', 'Z').ofLength(5);
  }

  @Provide
  Arbitrary<MarkedRecord.Shape> shapes() {
    Arbitrary<Integer> few = Arbitraries.integers().between(0, 2);
    Arbitrary<Boolean> some = Arbitraries.of(true, false);
    return Combinators.combine(
            Combinators.combine(some, few, few, few, few).as(Part::new),
            Combinators.combine(some, some, few, some, some).as(Rest::new))
        .as(
            (a, b) ->
                new MarkedRecord.Shape(
                    a.encounter(),
                    a.conditions(),
                    a.medications(),
                    a.safeguardingFlags(),
                    a.mentalHealthActFlags(),
                    b.carePlan(),
                    b.riskAssessment(),
                    b.housingObservations(),
                    b.otherObservation(),
                    b.assessment()));
  }

  private record Part(
      boolean encounter,
      int conditions,
      int medications,
      int safeguardingFlags,
      int mentalHealthActFlags) {}

  private record Rest(
      boolean carePlan,
      boolean riskAssessment,
      int housingObservations,
      boolean otherObservation,
      boolean assessment) {}
}
