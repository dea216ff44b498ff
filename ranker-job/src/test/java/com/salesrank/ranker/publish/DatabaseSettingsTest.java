package com.salesrank.ranker.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static final String URL = "jdbc:mysql://127.0.0.1:13306/salesrank?allowLoadLocalInfile=true";

    private final Configuration conf = new Configuration(false);

    @Test
    void readsTheEnvironment() {
        var env = Map.of("SALESRANK_DB_URL", URL, "SALESRANK_DB_USER", "writer", "SALESRANK_DB_PASSWORD", "secret");

        assertThat(DatabaseSettings.from(conf, env)).contains(new DatabaseSettings(URL, "writer", "secret"));
    }

    @Test
    void propertiesOverrideTheEnvironmentOneByOne() {
        var env = Map.of("SALESRANK_DB_URL", URL, "SALESRANK_DB_USER", "writer", "SALESRANK_DB_PASSWORD", "secret");
        conf.set("salesrank.db.url", "jdbc:mysql://db.example:3306/salesrank");
        conf.set("salesrank.db.password", "other");

        assertThat(DatabaseSettings.from(conf, env))
                .contains(new DatabaseSettings("jdbc:mysql://db.example:3306/salesrank", "writer", "other"));
    }

    @Test
    void propertiesAloneAreEnough() {
        conf.set("salesrank.db.url", URL);
        conf.set("salesrank.db.user", "writer");

        assertThat(DatabaseSettings.from(conf, Map.of())).contains(new DatabaseSettings(URL, "writer", ""));
    }

    @Test
    void noUrlMeansFilesOnly() {
        var env = Map.of("SALESRANK_DB_USER", "writer", "SALESRANK_DB_PASSWORD", "secret");

        assertThat(DatabaseSettings.from(conf, env)).isEmpty();
    }

    @Test
    void aBlankUrlIsNoUrl() {
        conf.set("salesrank.db.url", "  ");

        assertThat(DatabaseSettings.from(conf, Map.of("SALESRANK_DB_URL", ""))).isEmpty();
    }

    @Test
    void aUrlWithoutAUserIsAnError() {
        assertThatThrownBy(() -> DatabaseSettings.from(conf, Map.of("SALESRANK_DB_URL", URL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SALESRANK_DB_USER")
                .hasMessageContaining("salesrank.db.user");
    }

    @Test
    void onlyMysqlUrlsAreAccepted() {
        assertThatThrownBy(() -> DatabaseSettings.from(conf,
                Map.of("SALESRANK_DB_URL", "jdbc:postgresql://localhost/salesrank", "SALESRANK_DB_USER", "writer")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql:");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(new DatabaseSettings(URL, "writer", "secret").toString())
                .contains("writer")
                .doesNotContain("secret");
    }
}
