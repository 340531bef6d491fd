package org.concordat.protocols;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.concordat.protocols.sharing.ProtocolReader;

/**
 * The core is pure: it depends on the JDK, Jackson and jspecify, and never asks the outside world.
 */
@AnalyzeClasses(
    packages = "org.concordat.protocols",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule dependsOnlyOnTheJdkJacksonAndJspecify =
      classes()
          .that()
          .resideInAPackage("org.concordat.protocols..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "org.concordat.protocols..",
              "java..",
              "javax.crypto..",
              "com.fasterxml.jackson..",
              "org.jspecify..");

  @ArchTest
  static final ArchRule readsNoClock =
      noClasses()
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(LocalDate.class, "now")
          .orShould()
          .callMethod(LocalDateTime.class, "now")
          .orShould()
          .callMethod(ZonedDateTime.class, "now")
          .orShould()
          .callMethod(OffsetDateTime.class, "now")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callMethod(Clock.class, "systemDefaultZone")
          .because(
              "time is an input to the core (DESIGN.md: the core never asks the outside world)");

  @ArchTest
  static final ArchRule usesNoRandomness =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.Random")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.security.SecureRandom")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.SplittableRandom")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.UUID")
          .orShould()
          .callMethod(Math.class, "random")
          .because("ids and randomness are passed in, so decisions and entries are reproducible");

  @ArchTest
  static final ArchRule doesNoFileOrNetworkIo =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.File")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.FileInputStream")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.FileOutputStream")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.io.RandomAccessFile")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("java.net..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("java.sql..");

  @ArchTest
  static final ArchRule readsFilesOnlyInTheProtocolReader =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(ProtocolReader.class.getName())
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.nio.file..")
          .because("ProtocolReader.read(Path) is the one entry point that reads a file");

  @ArchTest
  static final ArchRule hasNoPackageCycles =
      slices().matching("org.concordat.protocols.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule throwsNoGenericExceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  @ArchTest
  static final ArchRule writesNothingToStandardStreams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
