package io.jenkins.plugins.dashscope.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Small classes with one job: no shipped class over {@value #MAX_CLASS_LINES} lines, no method over
 * {@value #MAX_METHOD_LINES}. The classes and methods already over are listed with the size they have: they may
 * shrink, never grow, and leave the list once they are within the limit (the test says so), so the list only gets
 * shorter. The option and model tables stay plain tables and are listed as such.
 */
class CodeSizeTest {

    static final int MAX_CLASS_LINES = 300;
    static final int MAX_METHOD_LINES = 60;

    private static final Path ROOT = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("..")
            .normalize();
    private static final List<Path> SHIPPED =
            List.of(Path.of("src/main/java"), Path.of("core/src/main/java"), Path.of("core/src/cli/java"));

    /** Tables: one entry per option or model, nothing to split. */
    private static final Map<String, Integer> TABLES = Map.of(
            "RequestOption", 424,
            "GenerateImageStep",
                    615, // the step's options; its descriptor must stay nested (StepDescriptor finds the step by it)
            "GenerateCommand", 406); // the command line's options

    /** Over the limit, to be split: none left; a class that grows past the limit fails the test. */
    private static final Map<String, Integer> TO_SPLIT = Map.of();

    /** Methods over the limit, to be split: none left; a new one fails the test. */
    private static final Map<String, Integer> LONG_METHODS = Map.of();

    private static final Set<String> NOT_METHODS =
            Set.of("if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new", "record");
    private static final Pattern BODY = Pattern.compile("\\)\\s*(throws\\s+[\\w.,\\s]+)?\\{");
    private static final Pattern LAST_WORD = Pattern.compile("(\\w+)\\s*$");

    @Test
    void classesStayUnderTheLimitOrShrink() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : sources()) {
            String name = file.getFileName().toString().replace(".java", "");
            long lines = Files.readString(file, StandardCharsets.UTF_8).lines().count();
            Integer allowed = TABLES.containsKey(name) ? TABLES.get(name) : TO_SPLIT.get(name);
            if (allowed == null && lines > MAX_CLASS_LINES) {
                problems.add(name + " has " + lines + " lines: split it");
            } else if (allowed != null && lines > allowed) {
                problems.add(name + " grew to " + lines + " lines (at most " + allowed + ")");
            } else if (TO_SPLIT.containsKey(name) && lines <= MAX_CLASS_LINES) {
                problems.add(name + " is within the limit now: take it off the list");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void methodsStayUnderTheLimitOrShrink() throws IOException {
        Map<String, Integer> longest = new TreeMap<>();
        for (Path file : sources()) {
            String type = file.getFileName().toString().replace(".java", "");
            String code = withoutCommentsAndLiterals(Files.readString(file, StandardCharsets.UTF_8));
            for (var method : methods(code)) {
                longest.merge(type + "." + method.getKey(), method.getValue(), Math::max);
            }
        }
        List<String> problems = new ArrayList<>();
        longest.forEach((name, lines) -> {
            Integer allowed = LONG_METHODS.get(name);
            if (allowed == null && lines > MAX_METHOD_LINES) {
                problems.add(name + " has " + lines + " lines: split it");
            } else if (allowed != null && lines > allowed) {
                problems.add(name + " grew to " + lines + " lines (at most " + allowed + ")");
            }
        });
        LONG_METHODS.keySet().stream()
                .filter(listed -> longest.getOrDefault(listed, 0) <= MAX_METHOD_LINES)
                .forEach(listed -> problems.add(listed + " is within the limit now (or gone): take it off the list"));
        assertThat(longest).as("methods found").hasSizeGreaterThan(500);
        assertThat(problems).isEmpty();
    }

    @Test
    void theScannerSeesMethodsNotStatementsOrRecords() {
        String code = withoutCommentsAndLiterals("""
                record Pair(int a, int b) {
                    Pair {
                    }
                }
                class A {
                    int twoLines(String s) throws java.io.IOException {
                        if (s.isEmpty()) {
                            return 0;
                        }
                        Runnable r = new Runnable() { public void run() {} };
                        String t = "{ not a block";
                        return 1;
                    }
                }
                """);
        assertThat(methods(code)).containsExactly(Map.entry("twoLines", 8), Map.entry("run", 1));
    }

    private static List<Path> sources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : SHIPPED) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(all::add);
            }
        }
        assertThat(all).as("the shipped sources").hasSizeGreaterThan(100);
        return all;
    }

    /** Each method's name and lines, from its declaration's closing parenthesis to its closing brace. */
    static List<Map.Entry<String, Integer>> methods(String code) {
        List<Map.Entry<String, Integer>> found = new ArrayList<>();
        Matcher body = BODY.matcher(code);
        while (body.find()) {
            int open = matchingOpen(code, body.start());
            if (open < 0) {
                continue;
            }
            Matcher word = LAST_WORD.matcher(code.substring(0, open));
            if (!word.find() || NOT_METHODS.contains(word.group(1))) {
                continue;
            }
            String before = code.substring(statementStart(code, word.start()), word.start());
            if (before.contains("=") || before.contains("->") || before.matches(".*\\b(new|record|return)\\s+$")) {
                continue; // a call, an anonymous class or a record's header
            }
            int close = matchingClose(code, body.end() - 1);
            found.add(Map.entry(word.group(1), (int)
                    code.substring(body.start(), close).lines().count()));
        }
        return found;
    }

    /** Where the declaration or statement holding {@code at} starts: after the last line break, brace or semicolon. */
    private static int statementStart(String code, int at) {
        int start = 0;
        for (char c : new char[] {'\n', '{', '}', ';'}) {
            start = Math.max(start, code.lastIndexOf(c, at - 1) + 1);
        }
        return start;
    }

    private static int matchingOpen(String code, int closeParen) {
        int depth = 0;
        for (int i = closeParen; i >= 0; i--) {
            char c = code.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int matchingClose(String code, int openBrace) {
        int depth = 0;
        for (int i = openBrace; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return code.length();
    }

    /** The code with comments, strings, text blocks and characters blanked, line breaks kept. */
    static String withoutCommentsAndLiterals(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            int end = literalEnd(src, i);
            if (end > i) {
                for (int k = i; k < end; k++) {
                    out.append(src.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else {
                out.append(src.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Where the comment or literal starting at {@code i} ends, or {@code i} if none starts there. */
    private static int literalEnd(String src, int i) {
        if (src.startsWith("\"\"\"", i)) {
            return src.indexOf("\"\"\"", i + 3) + 3;
        }
        if (src.startsWith("//", i)) {
            int nl = src.indexOf('\n', i);
            return nl < 0 ? src.length() : nl;
        }
        if (src.startsWith("/*", i)) {
            return src.indexOf("*/", i + 2) + 2;
        }
        char c = src.charAt(i);
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (src.charAt(j) != c) {
                j += src.charAt(j) == '\\' ? 2 : 1;
            }
            return j + 1;
        }
        return i;
    }
}
