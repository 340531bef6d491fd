package org.concordat.adapters.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.concordat.adapters",
    importOptions = ImportOption.DoNotIncludeTests.class)
class AdaptersArchitectureTest {

  @ArchTest
  static final ArchRule adaptersDoNotDependOnSpring =
      noClasses()
          .that()
          .resideInAPackage("org.concordat.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.springframework..")
          .because("adapters are plain Java, wired by the broker (DESIGN.md, Modules)");

  @ArchTest
  static final ArchRule adapterPackagesAreFreeOfCycles =
      slices().matching("org.concordat.adapters.(**)").should().beFreeOfCycles();
}
