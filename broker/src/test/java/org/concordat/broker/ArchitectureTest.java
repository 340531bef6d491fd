package org.concordat.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The broker's layering rules from DESIGN.md and STYLE.md, checked on every build. */
@AnalyzeClasses(packages = "org.concordat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreKnowsNothingOfTheBroker =
      noClasses()
          .that()
          .resideInAPackage("org.concordat.protocols..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.concordat.adapters..",
              "org.concordat.broker..",
              "org.springframework..",
              "org.apache.camel..",
              "ca.uhn..",
              "org.hl7..",
              "org.bouncycastle..",
              "java.sql..",
              "javax.sql..");

  @ArchTest
  static final ArchRule adaptersDoNotDependOnSpringOrTheBroker =
      noClasses()
          .that()
          .resideInAPackage("org.concordat.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.concordat.broker..");

  @ArchTest
  static final ArchRule noFieldInjection =
      fields()
          .should()
          .notBeAnnotatedWith(org.springframework.beans.factory.annotation.Autowired.class);

  @ArchTest
  static final ArchRule noGenericExceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  /** Only the jar's entry point hands the console to the command line; everything else logs. */
  @ArchTest
  static final ArchRule noStandardStreams =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(ConcordatApplication.class.getName())
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

  @ArchTest
  static final ArchRule allPackagesAreFreeOfCycles =
      slices().matching("org.concordat.(*).(*)..").should().beFreeOfCycles();
}
