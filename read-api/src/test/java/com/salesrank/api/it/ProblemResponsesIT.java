package com.salesrank.api.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile requests a fuzz found answered with a 500, an HTML page or an
 * empty body, each sent over a raw socket to the real server: every one is
 * now a 4xx with an application/problem+json body that has a detail.
 */
class ProblemResponsesIT extends ReadApiIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/popular?=1&category_id=1", "/api/v1/popular?category_id=%zz",
        "/api/v1/popular?category_id=1&x=%"})
    void anUndecodableQueryStringIsA400ForHeadAsForGet(String target) throws Exception {
        RawHttp.Response head = RawHttp.send(port, "HEAD", target);
        assertThat(head.status()).isEqualTo(400);
        assertThat(head.header("Content-Type")).startsWith("application/problem+json");

        JsonNode problem = assertProblem(RawHttp.send(port, "GET", target), 400);
        assertThat(problem.get("type").asString()).isEqualTo("urn:salesrank:problem:malformed-query");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/products/%2F/rank", "/api/v1/products/%5C/rank", "/api/v1/products/%00/rank",
        "/api/v1/products/%C0%AF/rank", "/api/v1/popular%2F?category_id=1"})
    void aPathTheContainerRejectsIsA400Problem(String target) throws Exception {
        JsonNode problem = assertProblem(RawHttp.send(port, "GET", target), 400);
        assertThat(problem.get("detail").asString()).contains("path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/products/;jsessionid=1%G0", "/api/v1/popular;x=%zz?category_id=1",
        "/api/v1/products/1/rank;p=1%2", "/actuator/health/redis/;%G0", "/;x=1%"})
    void aPathParameterWithABrokenEscapeIsA400Problem(String target) throws Exception {
        for (String method : new String[] {"GET", "POST"}) {
            JsonNode problem = assertProblem(RawHttp.send(port, method, target), 400);
            assertThat(problem.get("detail").asString()).contains("percent-encoding");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "200-ok", "100-continue, x"})
    void anExpectationTheContainerCannotMeetIsA417Problem(String expect) throws Exception {
        JsonNode problem = assertProblem(RawHttp.send(port, "GET", "/api/v1/popular?category_id=1",
                "Expect: " + expect), 417);
        assertThat(problem.get("detail").asString()).contains("Expect");
    }

    @ParameterizedTest(name = "{0} {1} Accept: {2}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /api/v1/nothing                | a/b/c;;;      | 404",
        "GET    | /api/v1/nothing                | */*;q=garbage | 404",
        "POST   | /api/v1/popular?category_id=1  | a/b/c;;;      | 405",
        "DELETE | /api/v1/products/1/rank        | */*;q=garbage | 405",
        "GET    | /actuator/health               | a/b/c;;;      | 406",
        "GET    | /actuator/health               | */*;q=garbage | 406"})
    void anUnparseableAcceptHeaderStillGetsAProblemBody(String method, String target, String accept, int status)
            throws Exception {
        assertProblem(RawHttp.send(port, method, target, "Accept: " + accept), status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/x", "/actuator/health/redis/x", "/actuator/health/x/y",
        "/actuator/health/redi%20s/0x10", "/actuator/health/./%23%2e;", "/actuator/%68ealth/x/y",
        "/actuator/health/../0", "/%61ctuator/health/x/y",
        "/actuator/metrics/no.such.metric", "/actuator/nothing"})
    void anUnknownActuatorPathIsA404Problem(String target) throws Exception {
        assertProblem(RawHttp.send(port, "GET", target), 404);
        if (target.contains("health")) { // (HEAD on an unknown metric is Actuator's 204)
            RawHttp.Response head = RawHttp.send(port, "HEAD", target);
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    /** An error answered as RFC 9457 demands here: the status, problem+json, a title and a detail, no internals. */
    static JsonNode assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as("status of %s", response.bodyText()).isEqualTo(status);
        return assertProblemBody(response);
    }

    static JsonNode assertProblemBody(RawHttp.Response response) {
        assertThat(response.header("Content-Type")).as("content type (body %s)", response.bodyText())
                .isNotNull().startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(response.status());
        assertThat(problem.path("title").asString("")).isNotBlank();
        assertThat(problem.path("detail").asString("")).as("detail of %s", response.bodyText()).isNotBlank();
        assertThat(response.bodyText()).doesNotContain("Exception", "\tat ", "<html");
        return problem;
    }
}
