package io.agentry.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rule of the design brief: api, director and worker depend on core and never on each
 * other; core depends on none of them. They meet only on the event bus and in the database. Only
 * the node launcher may see all three.
 */
class ModuleDependencyTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.agentry");
  }

  @Test
  void core_depends_on_no_verticle_module() {
    noClasses()
        .that()
        .resideInAPackage("io.agentry.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.agentry.api..", "io.agentry.director..", "io.agentry.worker..", "io.agentry.node..")
        .check(classes);
  }

  @Test
  void api_does_not_depend_on_director_or_worker() {
    noClasses()
        .that()
        .resideInAPackage("io.agentry.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.agentry.director..", "io.agentry.worker..", "io.agentry.node..")
        .check(classes);
  }

  @Test
  void director_does_not_depend_on_api_or_worker() {
    noClasses()
        .that()
        .resideInAPackage("io.agentry.director..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.agentry.api..", "io.agentry.worker..", "io.agentry.node..")
        .check(classes);
  }

  @Test
  void worker_does_not_depend_on_api_or_director() {
    noClasses()
        .that()
        .resideInAPackage("io.agentry.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.agentry.api..", "io.agentry.director..", "io.agentry.node..")
        .check(classes);
  }
}
