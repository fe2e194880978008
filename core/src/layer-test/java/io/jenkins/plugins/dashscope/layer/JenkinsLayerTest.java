package io.jenkins.plugins.dashscope.layer;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import io.jenkins.plugins.dashscope.core.request.RequestOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules of the Jenkins layer ({@code src/}) that neither the compiler nor Jenkins' own checks enforce: views
 * free of inline script and style (CSP), every field and message in English and Chinese, form methods that
 * are POST-only and check a permission, the secret read in one place. That the layer compiles is shown by
 * {@code kit/build-hpi}; that every view parses as Jelly with {@code escape-by-default}, by the InjectedTest
 * that {@code .ci/run} runs with the kit's harness.
 */
class JenkinsLayerTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("..")
            .normalize();
    private static final Path JAVA = ROOT.resolve("src/main/java");
    private static final Path RESOURCES = ROOT.resolve("src/main/resources");
    private static final Pattern MESSAGE_USE = Pattern.compile("Messages\\.([A-Za-z0-9]+)_([A-Za-z0-9_]+)\\(");
    /** {@code ${%Some text}}, or {@code ${%key(arguments)}} whose key is before the parenthesis. */
    private static final Pattern LABEL = Pattern.compile("\\$\\{%([^}(]+)[^}]*}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private static final Map<Path, CompilationUnit> UNITS = new TreeMap<>();

    @BeforeAll
    static void parseAll() throws IOException {
        JavaParser parser =
                new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
        for (Path dir : List.of(JAVA, ROOT.resolve("src/test/java"))) {
            for (Path file : files(dir, ".java")) {
                ParseResult<CompilationUnit> result = parser.parse(file);
                assertThat(result.getProblems())
                        .as("parse problems in %s", ROOT.relativize(file))
                        .isEmpty();
                UNITS.put(file, result.getResult().orElseThrow());
            }
        }
    }

    @Test
    void noJenkinsClassIsFakedInTheRepository() throws IOException {
        for (Path dir : List.of(ROOT.resolve("core/src"), ROOT.resolve("src"))) {
            for (Path file : files(dir, ".java")) {
                String pkg = Files.readAllLines(file).stream()
                        .filter(l -> l.startsWith("package "))
                        .findFirst()
                        .orElse("");
                assertThat(pkg).as(file.toString()).startsWith("package io.jenkins.plugins.dashscope");
            }
        }
    }

    @Test
    void everyJellyViewIsFreeOfInlineScriptAndStyle() throws Exception {
        List<Path> views = files(RESOURCES, ".jelly");
        assertThat(views).hasSizeGreaterThanOrEqualTo(5);
        for (Path view : views) {
            String text = Files.readString(view, StandardCharsets.UTF_8);
            assertThat(text)
                    .as(view.toString())
                    .doesNotContainIgnoringCase("<script")
                    .doesNotContainPattern("\\son[a-z]+\\s*=")
                    .doesNotContainPattern("\\sstyle\\s*=");
        }
    }

    @Test
    void everyFieldHasHelpInEnglishAndChinese() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path view : files(RESOURCES, "config.jelly")) {
            Matcher m = Pattern.compile("<f:entry field=\"([A-Za-z]+)\"").matcher(Files.readString(view));
            while (m.find()) {
                missing.addAll(missingHelp(helpFolders(view.getParent()), m.group(1)));
            }
        }
        for (var unit : UNITS.entrySet()) {
            if (!unit.getKey().startsWith(JAVA)) {
                continue;
            }
            for (ClassOrInterfaceDeclaration type : unit.getValue().findAll(ClassOrInterfaceDeclaration.class)) {
                Path folder = RESOURCES.resolve(
                        type.getFullyQualifiedName().orElseThrow().replace('.', '/'));
                for (MethodDeclaration setter : type.getMethods()) {
                    if (setter.isAnnotationPresent("DataBoundSetter")) {
                        String property =
                                Character.toLowerCase(setter.getNameAsString().charAt(3))
                                        + setter.getNameAsString().substring(4);
                        missing.addAll(missingHelp(helpFolders(folder), property));
                    }
                }
            }
        }
        assertThat(missing).as("help files missing").isEmpty();
    }

    @Test
    void everyMessageUsedExistsInBothLanguagesWithTheSamePlaceholders() throws IOException {
        Properties en = properties(RESOURCES.resolve("io/jenkins/plugins/dashscope/Messages.properties"));
        Properties zh = properties(RESOURCES.resolve("io/jenkins/plugins/dashscope/Messages_zh_CN.properties"));
        Set<String> used = new TreeSet<>();
        for (Path file : files(JAVA, ".java")) {
            Matcher m = MESSAGE_USE.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1) + "." + m.group(2));
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(zh.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (String key : en.stringPropertyNames()) {
            assertThat(placeholders(zh.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
        }
    }

    @Test
    void everyRequestOptionHasAFormTitleInBothLanguages() throws IOException {
        Properties en = properties(RESOURCES.resolve("io/jenkins/plugins/dashscope/Messages.properties"));
        Properties zh = properties(RESOURCES.resolve("io/jenkins/plugins/dashscope/Messages_zh_CN.properties"));
        for (RequestOption option : RequestOption.values()) {
            String key = "GenerateImageStep.option." + option.field();
            assertThat(en.getProperty(key)).as(key).isNotBlank();
            assertThat(zh.getProperty(key)).as(key).isNotBlank().isNotEqualTo(en.getProperty(key));
            assertThat(missingHelp(
                            helpFolders(RESOURCES.resolve("io/jenkins/plugins/dashscope/step/GenerateImageStep")),
                            option.field()))
                    .as("help of " + option.field())
                    .isEmpty();
        }
    }

    @Test
    void everyViewLabelIsTranslated() throws IOException {
        for (Path view : files(RESOURCES, ".jelly")) {
            Matcher m = LABEL.matcher(Files.readString(view));
            String base = view.getFileName().toString().replace(".jelly", "");
            Path zhFile = view.resolveSibling(base + "_zh_CN.properties");
            Properties zh = Files.exists(zhFile) ? properties(zhFile) : new Properties();
            while (m.find()) {
                assertThat(zh.getProperty(m.group(1)))
                        .as("%s: '%s' in Chinese", ROOT.relativize(view), m.group(1))
                        .isNotBlank();
            }
        }
    }

    /** Where Jenkins looks for a class's help pages: its own folder, then its superclasses' in this package. */
    private static List<Path> helpFolders(Path folder) {
        List<Path> folders = new ArrayList<>(List.of(folder));
        String name = folder.getFileName().toString();
        for (CompilationUnit unit : UNITS.values()) {
            unit.getClassByName(name)
                    .ifPresent(type -> type.getExtendedTypes().forEach(parent -> {
                        Path parentFolder = folder.resolveSibling(parent.getNameAsString());
                        if (Files.isDirectory(parentFolder)) {
                            folders.addAll(helpFolders(parentFolder));
                        }
                    }));
        }
        return folders;
    }

    private static List<String> missingHelp(List<Path> folders, String field) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of("help-" + field + ".html", "help-" + field + "_zh_CN.html")) {
            if (folders.stream().noneMatch(f -> Files.isRegularFile(f.resolve(name)))) {
                missing.add(ROOT.relativize(folders.get(0).resolve(name)).toString());
            }
        }
        return missing;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in); // ISO-8859-1 with \\u escapes, as Jenkins' localizer reads them
        }
        return p;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }
}
