package io.agentry.node.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The same rule at build level: a verticle module's pom may not even declare another verticle
 * module, so a violation cannot hide behind reflection or a missing import.
 */
class ModulePomTest {

  private static final Pattern ARTIFACT =
      Pattern.compile("<artifactId>(agentry-[a-z-]+)</artifactId>");
  private static final List<String> VERTICLE_MODULES =
      List.of("api-verticle", "director-verticle", "worker-verticle");

  @Test
  void verticle_modules_declare_only_core_among_our_modules() throws Exception {
    for (String module : VERTICLE_MODULES) {
      List<String> declared = ourDependencies(Path.of("..", module, "pom.xml"));
      assertThat(declared).as(module).containsOnly("agentry-core");
    }
  }

  @Test
  void core_declares_none_of_our_modules() throws Exception {
    assertThat(ourDependencies(Path.of("..", "core", "pom.xml"))).isEmpty();
  }

  private static List<String> ourDependencies(Path pom) throws Exception {
    String xml = Files.readString(pom);
    String dependencies = xml.substring(xml.indexOf("<dependencies>"));
    Matcher matcher = ARTIFACT.matcher(dependencies);
    return matcher.results().map(m -> m.group(1)).distinct().toList();
  }
}
