package com.salesrank.ranker.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MigrationSettingsTest {

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SALESRANK_ADMIN_URL", "jdbc:mysql://127.0.0.1:13306/");
        env.put("SALESRANK_ADMIN_PASSWORD", "adminSecret1");
        env.put("SALESRANK_DB_PASSWORD", "writerSecret1");
        env.put("SALESRANK_READER_PASSWORD", "readerSecret1");
        env.put("SALESRANK_CATALOG_PASSWORD", "catalogSecret1");
        return env;
    }

    @Test
    void defaultsAreTheStacksAccountsDatabaseAndThePackagedMigrations() {
        MigrationSettings settings = MigrationSettings.fromEnvironment(env());

        assertThat(settings.adminUser()).isEqualTo("salesrank_admin");
        assertThat(settings.database()).isEqualTo("salesrank");
        assertThat(settings.locations()).containsExactly("classpath:db/migration");
        assertThat(settings.placeholders()).containsOnly(
                Map.entry("writer_user", "salesrank_writer"), Map.entry("writer_password", "writerSecret1"),
                Map.entry("reader_user", "salesrank_reader"), Map.entry("reader_password", "readerSecret1"),
                Map.entry("catalog_user", "salesrank_catalog"), Map.entry("catalog_password", "catalogSecret1"));
    }

    @Test
    void locationsAreACommaSeparatedList() {
        Map<String, String> env = env();
        env.put("SALESRANK_MIGRATION_LOCATIONS", "filesystem:/opt/sql/migrations, classpath:db/more ,");

        assertThat(MigrationSettings.fromEnvironment(env).locations())
                .containsExactly("filesystem:/opt/sql/migrations", "classpath:db/more");
    }

    @Test
    void passwordsThatCouldEndTheirSqlStringAreRefused() {
        for (String bad : List.of("it's", "back\\slash", "new\nline")) {
            Map<String, String> env = env();
            env.put("SALESRANK_DB_PASSWORD", bad);
            assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SALESRANK_DB_PASSWORD");
        }
    }

    @Test
    void namesMustBePlainIdentifiersAndTheAccountsDistinct() {
        Map<String, String> env = env();
        env.put("SALESRANK_DATABASE", "sales`rank");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env)).hasMessageContaining("SALESRANK_DATABASE");

        Map<String, String> same = env();
        same.put("SALESRANK_DB_USER", "salesrank_admin");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(same)).hasMessageContaining("four different accounts");

        Map<String, String> catalogIsWriter = env();
        catalogIsWriter.put("SALESRANK_CATALOG_USER", "salesrank_writer");
        assertThatThrownBy(() -> MigrationSettings.fromEnvironment(catalogIsWriter))
                .hasMessageContaining("four different accounts");
    }

    @Test
    void missingSettingsAreNamed() {
        for (String name : List.of("SALESRANK_ADMIN_URL", "SALESRANK_ADMIN_PASSWORD", "SALESRANK_DB_PASSWORD",
                "SALESRANK_READER_PASSWORD", "SALESRANK_CATALOG_PASSWORD")) {
            Map<String, String> env = env();
            env.remove(name);
            assertThatThrownBy(() -> MigrationSettings.fromEnvironment(env))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void theAdminPasswordIsNotPrinted() {
        assertThat(MigrationSettings.fromEnvironment(env()).toString())
                .doesNotContain("adminSecret1", "writerSecret1", "readerSecret1", "catalogSecret1");
    }
}
