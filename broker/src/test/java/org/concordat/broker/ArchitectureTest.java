package org.concordat.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaGenericArrayType;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

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

  /**
   * What an endpoint answers is a view record made for it: never a persistence row (a type named
   * {@code *Repository} or nested in one) and never a type that hides what it is ({@code Object}, a
   * wildcard or a type variable), which is how rows slipped out as {@code List<?>}. The return type
   * is checked with its type arguments, so {@code ResponseEntity<List<Row>>} is caught too.
   */
  @ArchTest
  static final ArchRule endpointsAnswerWithViewRecords =
      methods()
          .that()
          .areDeclaredInClassesThat()
          .areAnnotatedWith(RestController.class)
          .and(handleRequests())
          .should(answerWithNamedTypesThatAreNotRows());

  // The mapping annotations by name: library classes are not imported (archunit.properties), so
  // their meta-annotations cannot be followed.
  private static final List<Class<?>> MAPPINGS =
      List.of(
          RequestMapping.class,
          GetMapping.class,
          PostMapping.class,
          PutMapping.class,
          DeleteMapping.class,
          PatchMapping.class);

  private static DescribedPredicate<JavaMethod> handleRequests() {
    return DescribedPredicate.describe(
        "handle requests",
        method -> MAPPINGS.stream().anyMatch(m -> method.isAnnotatedWith(m.getName())));
  }

  private static ArchCondition<JavaMethod> answerWithNamedTypesThatAreNotRows() {
    return new ArchCondition<>("answer with named types that are not persistence rows") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        List<String> problems = new ArrayList<>();
        collectProblems(method.getReturnType(), problems);
        for (String problem : problems) {
          events.add(
              SimpleConditionEvent.violated(
                  method, method.getFullName() + " answers with " + problem));
        }
      }
    };
  }

  private static void collectProblems(JavaType type, List<String> problems) {
    if (type instanceof JavaWildcardType) {
      problems.add("a wildcard (" + type.getName() + ")");
    } else if (type instanceof JavaTypeVariable<?>) {
      problems.add("a type variable (" + type.getName() + ")");
    } else if (type instanceof JavaParameterizedType parameterized) {
      collectProblems(type.toErasure(), problems);
      parameterized.getActualTypeArguments().forEach(t -> collectProblems(t, problems));
    } else if (type instanceof JavaGenericArrayType array) {
      collectProblems(array.getComponentType(), problems);
    } else if (type instanceof JavaClass javaClass) {
      if (javaClass.isArray()) {
        collectProblems(javaClass.getComponentType(), problems);
      } else if (javaClass.isEquivalentTo(Object.class)) {
        problems.add("Object");
      } else if (isRepositoryOrInOne(javaClass)) {
        problems.add("a persistence type (" + javaClass.getName() + ")");
      }
    }
  }

  // By the binary name, so that a nested row type is caught even where the class that holds it was
  // not imported.
  private static boolean isRepositoryOrInOne(JavaClass javaClass) {
    String name = javaClass.getName().substring(javaClass.getName().lastIndexOf('.') + 1);
    return Arrays.stream(name.split("\\$")).anyMatch(part -> part.endsWith("Repository"));
  }

  @Test
  void theEndpointRuleFailsOnRowsWildcardsAndObjectsAndPassesViewRecords() {
    JavaClasses bad = new ClassFileImporter().importClasses(RowsController.class);
    JavaClasses good = new ClassFileImporter().importClasses(ViewController.class);

    EvaluationResult onBad = endpointsAnswerWithViewRecords.evaluate(bad);
    assertThat(onBad.hasViolation()).isTrue();
    assertThat(onBad.getFailureReport().getDetails())
        .hasSize(5)
        .anyMatch(d -> d.contains("rows()") && d.contains("a wildcard"))
        .anyMatch(d -> d.contains("row()") && d.contains("SampleRepository$Row"))
        .anyMatch(d -> d.contains("wrappedRows()") && d.contains("SampleRepository$Row"))
        .anyMatch(d -> d.contains("anything()") && d.contains("Object"))
        .anyMatch(d -> d.contains("repository()") && d.contains("SampleRepository)"));
    assertThat(endpointsAnswerWithViewRecords.evaluate(good).hasViolation()).isFalse();
  }

  /** A persistence class with a row type, as the features' repositories have. */
  static final class SampleRepository {
    record Row(String id) {}
  }

  /** Every way an endpoint can hand out a row or hide what it answers. */
  @RestController
  static final class RowsController {
    @GetMapping("/rows")
    public List<?> rows() {
      return List.of();
    }

    @GetMapping("/row")
    public SampleRepository.Row row() {
      return new SampleRepository.Row("1");
    }

    @GetMapping("/wrapped")
    public ResponseEntity<List<SampleRepository.Row>> wrappedRows() {
      return ResponseEntity.ok(List.of());
    }

    @PostMapping("/anything")
    public Object anything() {
      return "x";
    }

    @GetMapping("/repository")
    public SampleRepository repository() {
      return new SampleRepository();
    }
  }

  /** Endpoints answering with view records, text and bytes; a helper may return anything. */
  @RestController
  static final class ViewController {
    record View(String id) {}

    @GetMapping("/views")
    public ResponseEntity<List<View>> views() {
      return ResponseEntity.ok(List.of(new View("1")));
    }

    @GetMapping("/text")
    public String text() {
      return "x";
    }

    @GetMapping("/bytes")
    public byte[] bytes() {
      return new byte[0];
    }

    Object helper() {
      return new SampleRepository.Row("1");
    }
  }
}
