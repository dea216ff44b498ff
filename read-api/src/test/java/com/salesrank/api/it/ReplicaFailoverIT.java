package com.salesrank.api.it;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica stopped: requests still 200 from the other one; every replica
 * stopped: still 200, from the primary; replicas back: back in rotation.
 * "Stopped" is the TCP proxy in front of the stack's replica refusing and
 * resetting connections, which is what the service sees of a dead server.
 */
class ReplicaFailoverIT extends ReadApiIntegrationTest {

    @Test
    void readsFailOverBetweenReplicasThenToThePrimaryAndComeBack() throws Exception {
        int category = freshCategory();
        var ranking = RankingFixtures.ranking();
        ranking.put(category, sold(2001, 7));
        RankingFixtures.Published run = FIXTURES.publish(ranking);
        FIXTURES.awaitReplicated(run.runId());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(get("/api/v1/popular?category_id=" + category)).get("run_id").asLong() == run.runId());
        int[] offset = {0};

        try {
            REPLICA_0.stop();
            double replica1Reads = count("salesrank.db.reads", "node", "replica-1");
            double primaryReads = count("salesrank.db.reads", "node", "primary");
            for (int i = 0; i < 10; i++) {
                assertOk(category, ++offset[0]); // distinct keys: each one a database read
            }
            assertThat(count("salesrank.db.failovers", "node", "replica-0")).isPositive();
            assertThat(count("salesrank.db.reads", "node", "replica-1")).isGreaterThanOrEqualTo(replica1Reads + 10);
            assertThat(count("salesrank.db.reads", "node", "primary")).isEqualTo(primaryReads);
            JsonNode health = json(get("/actuator/health"));
            assertThat(health.at("/components/replicas/status").asString()).isEqualTo("UP");
            assertThat(health.at("/components/replicas/details/replica-0/inRotation").asBoolean()).isFalse();
            assertThat(health.at("/components/replicas/details/replica-0/cause").asString()).isNotBlank();
            assertThat(health.at("/components/replicas/details/replica-1/inRotation").asBoolean()).isTrue();

            REPLICA_1.stop();
            double fallbacks = count("salesrank.db.fallbacks");
            for (int i = 0; i < 10; i++) {
                assertOk(category, ++offset[0]);
            }
            assertThat(count("salesrank.db.fallbacks")).isGreaterThanOrEqualTo(fallbacks + 10);
            assertThat(count("salesrank.db.reads", "node", "primary")).isGreaterThanOrEqualTo(primaryReads + 10);
            HttpResponse<String> degraded = get("/actuator/health");
            assertThat(degraded.statusCode()).isEqualTo(200);
            assertThat(json(degraded).at("/components/replicas/status").asString()).isEqualTo("DEGRADED");
        } finally {
            REPLICA_0.start();
            REPLICA_1.start();
        }

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode health = json(get("/actuator/health"));
            assertThat(health.at("/components/replicas/details/replica-0/inRotation").asBoolean()).isTrue();
            assertThat(health.at("/components/replicas/details/replica-1/inRotation").asBoolean()).isTrue();
        });
        double primaryReads = count("salesrank.db.reads", "node", "primary");
        for (int i = 0; i < 4; i++) {
            assertOk(category, ++offset[0]);
        }
        assertThat(count("salesrank.db.reads", "node", "primary")).as("back on the replicas").isEqualTo(primaryReads);
    }

    private void assertOk(int category, int offset) throws Exception {
        HttpResponse<String> response = get("/api/v1/popular?category_id=" + category + "&offset=" + offset);
        assertThat(response.statusCode()).as("offset %d", offset).isEqualTo(200);
        assertThat(json(response).get("category_id").asInt()).isEqualTo(category);
    }
}
