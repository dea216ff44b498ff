package com.salesrank.api.openapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redocly CLI's recommended rules (redocly.yaml) on the checked-in OpenAPI document, which
 * it.OpenApiClientIT keeps equal to the one the service serves. The CLI is the version
 * package-lock.json pins, installed by the build's `npm ci` (generate-test-resources).
 */
class OpenApiDocumentLintTest {

    static final Path DOCUMENT = Path.of("src/main/openapi/read-api.json");
    static final Path REDOCLY = Path.of("node_modules/.bin/redocly");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theDocumentHasNoErrorAndNoWarningUnderTheRecommendedRules() throws Exception {
        JsonNode report = lint(DOCUMENT);

        assertThat(report.get("version").asString()).as("the CLI package-lock.json pins").isEqualTo("1.34.20");
        assertThat(findings(report)).isEmpty();
        assertThat(report.at("/totals/errors").asInt()).isZero();
        assertThat(report.at("/totals/warnings").asInt()).isZero();
        assertThat(report.at("/totals/ignored").asInt())
                .as("accepted findings: only info-license, see .redocly.lint-ignore.yaml").isEqualTo(1);
    }

    /** The same lint fails a document that leaves out what the checked-in one declares. */
    @Test
    void aDocumentWithoutSecurityOrResponsesForErrorsFailsTheSameLint() throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(Files.readString(DOCUMENT));
        document.remove("security");
        ObjectNode popular = (ObjectNode) document.at("/paths/~1api~1v1~1popular/get");
        ObjectNode responses = (ObjectNode) popular.get("responses");
        List.of("400", "406", "500", "503").forEach(responses::remove);
        popular.remove("summary");
        Path broken = Path.of("target/openapi/broken-read-api.json");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, JSON.writeValueAsString(document));

        JsonNode report = lint(broken);

        assertThat(findings(report)).contains("error security-defined #/paths/~1api~1v1~1popular/get",
                "error operation-summary #/paths/~1api~1v1~1popular/get/summary",
                "warn operation-4xx-response #/paths/~1api~1v1~1popular/get/responses");
        assertThat(report.at("/totals/errors").asInt()).isGreaterThanOrEqualTo(5);
    }

    static JsonNode lint(Path document) throws IOException, InterruptedException {
        assertThat(REDOCLY).as("Redocly CLI, installed by the build's `npm ci` (needs node and npm)").isExecutable();
        Path log = Files.createTempFile("redocly-lint", ".log");
        Process lint = new ProcessBuilder(REDOCLY.toString(), "lint", "--config", "redocly.yaml", "--format", "json",
                document.toString())
                .redirectError(log.toFile())
                .start();
        byte[] stdout = lint.getInputStream().readAllBytes();
        assertThat(lint.waitFor(2, TimeUnit.MINUTES)).as("redocly lint finished").isTrue();
        String output = new String(stdout, StandardCharsets.UTF_8);
        assertThat(output).as("redocly's report (stderr: " + Files.readString(log) + ")").startsWith("{");
        Files.deleteIfExists(log);
        return JSON.readTree(output);
    }

    /** Each finding as "severity ruleId pointer". */
    static List<String> findings(JsonNode report) {
        List<String> findings = new ArrayList<>();
        for (JsonNode problem : report.get("problems")) {
            findings.add(problem.get("severity").asString() + " " + problem.get("ruleId").asString() + " "
                    + problem.at("/location/0/pointer").asString());
        }
        return findings;
    }
}
