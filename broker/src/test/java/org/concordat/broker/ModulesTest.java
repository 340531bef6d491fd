package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The broker's features as Spring Modulith sees them: each direct sub-package of {@code
 * org.concordat.broker} is one, its API the public types at its root. {@link
 * ApplicationModules#verify()} fails on a cycle between features or on a reach into another
 * feature's internals.
 */
class ModulesTest {
  private static final ApplicationModules MODULES =
      ApplicationModules.of(ConcordatApplication.class);

  @Test
  void featuresDependOnEachOtherWithoutCyclesAndOnlyThroughTheirApi() {
    MODULES.verify();
  }

  @Test
  void theFeaturesAreTheOnesDocumented() {
    assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
        .containsExactlyInAnyOrder(
            "agreement",
            "breakglass",
            "cli",
            "consent",
            "delivery",
            "disclosure",
            "events",
            "ledger",
            "mapping",
            "optout",
            "security",
            "settings",
            "subject",
            "web",
            "witness");
  }

  @Test
  void consentKnowsNothingOfTheDisclosurePipeline() {
    ApplicationModule consent = MODULES.getModuleByName("consent").orElseThrow();
    assertThat(consent.getAllDependencies(MODULES).containsModuleNamed("disclosure")).isFalse();
  }
}
