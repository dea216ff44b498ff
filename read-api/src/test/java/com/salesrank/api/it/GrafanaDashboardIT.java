package com.salesrank.api.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana provisioning of docker-compose.yml (ops/grafana): the datasource is the reader on the
 * replica with its password from the environment, the dashboard JSON is well formed and points every
 * panel at that datasource, and EVERY query in it (the category variable's included) runs on the
 * stack's replica as the reader and returns rows.
 */
class GrafanaDashboardIT extends ReadApiIntegrationTest {

    static final Path GRAFANA = StackEnvironment.repositoryRoot().resolve("ops/grafana");

    @SuppressWarnings("unchecked")
    Map<String, Object> datasource() throws Exception {
        try (InputStream in = Files.newInputStream(GRAFANA.resolve("provisioning/datasources/salesrank.yml"))) {
            Map<String, Object> file = new Yaml().load(in);
            List<Map<String, Object>> sources = (List<Map<String, Object>>) file.get("datasources");
            assertThat(sources).hasSize(1);
            return sources.get(0);
        }
    }

    JsonNode dashboard() throws Exception {
        return JSON.readTree(Files.readString(GRAFANA.resolve("dashboards/salesrank-ops.json")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDatasourceIsTheReaderOnTheReplicaWithItsPasswordFromTheEnvironment() throws Exception {
        Map<String, Object> source = datasource();

        assertThat(source.get("type")).isEqualTo("mysql");
        assertThat(source.get("uid")).isEqualTo("salesrank-replica");
        assertThat(source.get("url")).isEqualTo("mysql-replica:3306");
        assertThat(source.get("user")).isEqualTo("$SALESRANK_READER_USER");
        assertThat(((Map<String, Object>) source.get("jsonData")).get("database")).isEqualTo("salesrank");
        assertThat(((Map<String, Object>) source.get("secureJsonData")).get("password"))
                .isEqualTo("$SALESRANK_READER_PASSWORD");
    }

    @Test
    void theDashboardIsWellFormedAndEveryPanelUsesTheProvisionedDatasource() throws Exception {
        String uid = (String) datasource().get("uid");
        JsonNode dashboard = dashboard();

        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("title").asString()).isNotBlank();
        JsonNode panels = dashboard.path("panels");
        assertThat(panels.isArray()).isTrue();
        assertThat(panels.size()).isGreaterThanOrEqualTo(3);
        List<String> titles = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : panels) {
            titles.add(panel.path("title").asString());
            ids.add(panel.path("id").asInt());
            assertThat(panel.path("type").asString()).isIn("table", "stat", "timeseries");
            for (String field : List.of("x", "y", "w", "h")) {
                assertThat(panel.path("gridPos").path(field).isInt()).as(field + " of " + panel.path("title")).isTrue();
            }
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(uid);
            assertThat(panel.path("targets").size()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asString()).isEqualTo(uid);
                assertThat(target.path("rawQuery").asBoolean()).isTrue();
                assertThat(target.path("rawSql").asString()).isNotBlank();
                assertThat(target.path("format").asString()).isIn("table", "time_series");
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
        // what the issue asks the dashboard to show
        assertThat(String.join("|", titles)).contains("Freshness").contains("Run history").contains("Top 10");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            assertThat(variable.path("datasource").path("uid").asString()).isEqualTo(uid);
        }
    }

    @Test
    void everyQueryOfTheDashboardReturnsRowsOnTheReplicaAsTheReader() throws Exception {
        var ranking = RankingFixtures.ranking();
        ranking.put(freshCategory(), sold(11, 90, 12, 80, 13, 70));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        JsonNode dashboard = dashboard();

        try (Connection replica = DriverManager.getConnection(STACK.replicaUrls().get(0), STACK.readerUser(),
                STACK.readerPassword()); Statement sql = replica.createStatement()) {
            // the variables first: a panel's $name becomes the variable's first value, as Grafana selects it
            Map<String, String> variables = new java.util.HashMap<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                try (ResultSet rows = sql.executeQuery(variable.path("query").asString())) {
                    assertThat(rows.next()).as("variable " + variable.path("name").asString() + " has values").isTrue();
                    variables.put(variable.path("name").asString(), rows.getString(1));
                }
            }
            int queries = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String query = target.path("rawSql").asString();
                    for (Map.Entry<String, String> variable : variables.entrySet()) {
                        query = query.replace("${" + variable.getKey() + "}", variable.getValue())
                                .replace("$" + variable.getKey(), variable.getValue());
                    }
                    assertThat(query).as("no Grafana macro or variable left in: " + query).doesNotContain("$");
                    try (ResultSet rows = sql.executeQuery(query)) {
                        assertThat(rows.next()).as(panel.path("title").asString() + " returns rows: " + query).isTrue();
                        if (target.path("format").asString().equals("time_series")) {
                            assertThat(columns(rows.getMetaData())).as("a time series has a time column").contains("time");
                            assertThat(rows.getObject("time")).isNotNull();
                        }
                    }
                    queries++;
                }
            }
            assertThat(queries).isEqualTo(dashboard.path("panels").size());
        }
    }

    private static List<String> columns(ResultSetMetaData meta) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }
}
