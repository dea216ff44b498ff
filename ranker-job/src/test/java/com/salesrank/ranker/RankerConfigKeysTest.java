package com.salesrank.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The keys are spelled in one place, and docs/ranker-job.md documents every one of them. */
class RankerConfigKeysTest {

    private static final Pattern KEY_LITERAL = Pattern.compile("\"(salesrank\\.[a-z0-9.-]+)\"");

    private static List<String> keys() throws IllegalAccessException {
        List<String> keys = new ArrayList<>();
        for (Field field : RankerConfigKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                Object value = field.get(null);
                if (value instanceof String s && s.startsWith("salesrank.")) {
                    keys.add(s);
                }
            }
        }
        return keys;
    }

    @Test
    void everyKeyIsDistinct() throws Exception {
        assertThat(keys()).hasSizeGreaterThan(20).doesNotHaveDuplicates();
    }

    @Test
    void noOtherMainSourceSpellsASalesrankKey() throws IOException {
        List<String> strays = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (source.getFileName().toString().equals("RankerConfigKeys.java")) {
                    continue;
                }
                Matcher m = KEY_LITERAL.matcher(Files.readString(source));
                while (m.find()) {
                    strays.add(source.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(strays).as("salesrank.* keys spelled outside RankerConfigKeys").isEmpty();
    }

    @Test
    void theJobsReferenceTableListsEveryKey() throws Exception {
        List<String> tableRows = Files.readAllLines(Path.of("..", "docs", "ranker-job.md")).stream()
                .filter(line -> line.startsWith("| `salesrank.")).toList();
        List<String> missing = keys().stream()
                .filter(key -> tableRows.stream().noneMatch(row -> row.split("\\|")[1].contains("`" + key + "`")))
                .toList();
        assertThat(missing).as("keys missing from docs/ranker-job.md's configuration table").isEmpty();
    }
}
