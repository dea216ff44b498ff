package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that stops answering without closing its connections (SIGSTOP, a stalled disk, a
 * paused VM): "frozen" is the TCP proxy in front of it holding every byte, each way, with its
 * connections open and new ones accepted. Under load, a frozen replica leaves the rotation, the
 * other replica answers (not the primary) and not one request fails; once it resumes it is back
 * in rotation and answers again. With no replica and the primary frozen, reads fail with the
 * 503 problem document and Retry-After instead of hanging. (docs/latency-budget.md has the figures.)
 */
class FrozenDatabaseIT extends ReadApiIntegrationTest {

    static final int CLIENTS = 4;

    @Test
    void aFrozenReplicaLeavesTheRotationTheOtherReplicaAnswersAndItComesBackOnceItResumes() throws Exception {
        int category = freshCategory();
        RankingFixtures.Published run = publishLive(category, 4001, 9);

        ReadLoad load = new ReadLoad(port, CLIENTS, category, run.runId());
        try {
            awaitReadsOn("replica-0");
            awaitReadsOn("replica-1");
            double primaryReads = count("salesrank.db.reads", "node", "primary");

            REPLICA_0.freeze();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(inRotation("replica-0")).as("the frozen replica left the rotation").isFalse());
            double frozenReads = count("salesrank.db.reads", "node", "replica-0");
            awaitReadsOn("replica-1");
            assertThat(count("salesrank.db.reads", "node", "replica-0")).as("no answer from the frozen replica")
                    .isEqualTo(frozenReads);
            assertThat(count("salesrank.db.reads", "node", "primary")).as("the other replica answers, not the primary")
                    .isEqualTo(primaryReads);

            REPLICA_0.thaw();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(inRotation("replica-0")).as("back in rotation once it resumed").isTrue());
            awaitReadsOn("replica-0");
        } finally {
            REPLICA_0.thaw();
            load.close();
        }
        assertThat(load.failures()).as("failed requests out of %d", load.answered()).isEmpty();
        assertThat(count("salesrank.db.hedged", "node", "replica-0")).as("reads hedged off the frozen replica")
                .isPositive();
    }

    @Test
    void withNoReplicaAndThePrimaryFrozenReadsFailWithTheProblemDocumentInsteadOfHanging() throws Exception {
        int category = freshCategory();
        publishLive(category, 5001, 3);

        try {
            REPLICA_0.stop();
            REPLICA_1.stop();
            PRIMARY.freeze();
            for (int offset = 1; offset <= 3; offset++) {
                // distinct pages: each one a database read, the first one waiting on the frozen primary
                HttpResponse<String> response = get("/api/v1/popular?category_id=" + category + "&offset=" + offset);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                JsonNode problem = json(response);
                assertThat(problem.get("status").asInt()).isEqualTo(503);
                assertThat(problem.get("detail").asString()).isNotBlank();
            }
        } finally {
            PRIMARY.thaw();
            REPLICA_0.start();
            REPLICA_1.start();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(inRotation("replica-0")).isTrue();
            assertThat(inRotation("replica-1")).isTrue();
            assertThat(inRotation("primary")).isTrue();
        });
        assertThat(get("/api/v1/popular?category_id=" + category + "&offset=4").statusCode()).isEqualTo(200);
    }
}
