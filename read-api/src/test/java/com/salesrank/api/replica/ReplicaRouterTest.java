package com.salesrank.api.replica;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ReplicaRouterTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T22:00:00Z"), ZoneOffset.UTC);
    /** What a query does on each node, looked up by the node's JdbcClient. */
    final Map<JdbcClient, Supplier<String>> behaviour = new HashMap<>();
    final Map<String, DataSource> dataSources = new HashMap<>();
    /** Answers in the order they were given (reads run on each node's own threads). */
    final List<String> queried = java.util.Collections.synchronizedList(new ArrayList<>());
    final ReadTimeouts timeouts = new ReadTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), 2,
            Duration.ofMillis(500));

    DatabaseNode node(String name, DatabaseNode.Role role) {
        JdbcClient jdbc = mock(JdbcClient.class);
        DataSource dataSource = mock(DataSource.class);
        dataSources.put(name, dataSource);
        behaviour.put(jdbc, () -> name);
        return new DatabaseNode(name, role, name + ":3306/salesrank", dataSource, jdbc,
                ThreadPoolBulkhead.of("db-" + name, ThreadPoolBulkheadConfig.custom().coreThreadPoolSize(2)
                        .maxThreadPoolSize(2).queueCapacity(2).build()),
                CircuitBreaker.of("db-" + name, CircuitBreakerConfig.custom()
                        .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slowCallDurationThreshold(timeouts.slowRead()).slowCallRateThreshold(50)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false).build()));
    }

    void fails(DatabaseNode node, RuntimeException failure) {
        behaviour.put(node.jdbc(), () -> {
            throw failure;
        });
    }

    String read(ReplicaRouter router) {
        return router.read(jdbc -> {
            String answer = behaviour.get(jdbc).get();
            queried.add(answer);
            return answer;
        });
    }

    static CannotGetJdbcConnectionException connectionRefused() {
        return new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("salesrank-replica-0 - Connection is not available",
                        new SQLException("Communications link failure", "08S01")));
    }

    double count(String name, String node) {
        var counter = node == null ? meters.find(name).counter() : meters.find(name).tag("node", node).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void spreadsReadsRoundRobinOverTheReplicasNeverThePrimary() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), primary, true, timeouts, clock, meters);

        for (int i = 0; i < 4; i++) {
            read(router);
        }

        assertThat(queried).containsExactly("replica-0", "replica-1", "replica-0", "replica-1");
        assertThat(count("salesrank.db.reads", "replica-0")).isEqualTo(2);
        assertThat(count("salesrank.db.reads", "primary")).isZero();
    }

    @Test
    void aReplicaThatCannotConnectLeavesTheRotationAndTheReadMovesOn() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), node("primary", DatabaseNode.Role.PRIMARY),
                true, timeouts, clock, meters);
        fails(r0, connectionRefused());

        assertThat(read(router)).isEqualTo("replica-1");
        assertThat(r0.isUp()).isFalse();
        assertThat(r0.outage().cause()).contains("Communications link failure");
        assertThat(r0.outage().since()).isEqualTo(clock.instant());
        assertThat(count("salesrank.db.failovers", "replica-0")).isEqualTo(1);

        queried.clear();
        read(router);
        read(router);
        assertThat(queried).containsExactly("replica-1", "replica-1");
        assertThat(count("salesrank.db.failovers", "replica-0")).as("a replica out of rotation is skipped, not retried")
                .isEqualTo(1);
    }

    @Test
    void fallsBackToThePrimaryWhenEveryReplicaIsDown() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0), node("primary", DatabaseNode.Role.PRIMARY), true,
                timeouts, clock, meters);
        fails(r0, new DataAccessResourceFailureException("down",
                new java.sql.SQLNonTransientConnectionException("Socket fail to connect")));

        assertThat(read(router)).isEqualTo("primary");
        assertThat(read(router)).isEqualTo("primary");
        assertThat(count("salesrank.db.fallbacks", null)).isEqualTo(2);
        assertThat(count("salesrank.db.reads", "primary")).isEqualTo(2);
    }

    @Test
    void withoutPrimaryFallbackEveryReplicaDownIsUnavailable() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = new ReplicaRouter(List.of(r0), primary, false, timeouts, clock, meters);
        fails(r0, connectionRefused());

        assertThatThrownBy(() -> read(router))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("primary fallback is off");
        assertThat(queried).isEmpty();
        // no second attempt on the dead replica: it is out of rotation, so this fails at once
        assertThatThrownBy(() -> read(router)).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(count("salesrank.db.failovers", "replica-0")).isEqualTo(1);
    }

    @Test
    void aPrimaryThatFailsTooMeansUnavailable() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = new ReplicaRouter(List.of(r0), primary, true, timeouts, clock, meters);
        fails(r0, connectionRefused());
        fails(primary, connectionRefused());

        assertThatThrownBy(() -> read(router)).isInstanceOf(DatabaseUnavailableException.class)
                .hasCauseInstanceOf(CannotGetJdbcConnectionException.class);
        assertThat(primary.isUp()).isFalse();
    }

    @Test
    void aQueryErrorIsNotTheDatabasesHealth() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), null, false, timeouts, clock, meters);
        fails(r0, new BadSqlGrammarException("read", "SELECT", new SQLException("Table doesn't exist", "42S02")));

        assertThatThrownBy(() -> read(router)).isInstanceOf(BadSqlGrammarException.class);
        assertThat(r0.isUp()).isTrue();
        assertThat(queried).as("no failover for a bad query").isEmpty();
    }

    @Test
    void anExhaustedPoolMovesTheReadOnButKeepsTheReplicaInRotation() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), null, false, timeouts, clock, meters);
        fails(r0, new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("Connection is not available, request timed out after 1000ms")));

        assertThat(read(router)).isEqualTo("replica-1");
        assertThat(r0.isUp()).isTrue();
    }

    @Test
    void aProbeThatAnswersBringsTheReplicaBack() throws Exception {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), null, false, timeouts, clock, meters);
        Supplier<String> healthy = behaviour.get(r0.jdbc());
        fails(r0, connectionRefused());
        read(router);
        assertThat(r0.isUp()).isFalse();

        given(dataSources.get("replica-0").getConnection()).willThrow(new SQLException("Connection refused", "08001"));
        router.probeDownNodes();
        assertThat(r0.isUp()).as("probe failed").isFalse();

        Connection connection = mock(Connection.class);
        Statement statement = mock(Statement.class);
        ResultSet one = mock(ResultSet.class);
        given(connection.createStatement()).willReturn(statement);
        given(statement.executeQuery("SELECT 1")).willReturn(one);
        given(one.next()).willReturn(true);
        org.mockito.Mockito.reset(dataSources.get("replica-0"));
        given(dataSources.get("replica-0").getConnection()).willReturn(connection);
        behaviour.put(r0.jdbc(), healthy);
        router.probeDownNodes();

        assertThat(r0.isUp()).isTrue();
        queried.clear();
        read(router);
        read(router);
        assertThat(queried).containsExactlyInAnyOrder("replica-0", "replica-1");
    }

    @Test
    void readEachReplicaAsksEveryReachableReplicaAndTakesOneThatCannotConnectOutOfRotation() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        DatabaseNode r2 = node("replica-2", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1, r2), primary, true, timeouts, clock, meters);
        fails(r1, connectionRefused());
        router.holdOutLagging(r2, "serves run 6 while run 7 is on another replica");

        var answers = router.readEachReplica(jdbc -> behaviour.get(jdbc).get());

        assertThat(answers.values()).as("a lagging replica is still asked, the primary never")
                .containsExactly("replica-0", "replica-2");
        assertThat(r1.isUp()).isFalse();
        assertThat(count("salesrank.db.failovers", "replica-1")).isEqualTo(1);
    }

    @Test
    void aReplicaHeldOutForLaggingIsSkippedByReadsAndNotBroughtBackByAProbe() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), null, false, timeouts, clock, meters);

        router.holdOutLagging(r1, "serves run 6 while run 7 is on another replica");
        router.probeDownNodes();
        for (int i = 0; i < 4; i++) {
            read(router);
        }

        assertThat(queried).containsOnly("replica-0");
        assertThat(r1.isUp()).isFalse();
        assertThat(r1.lagging().cause()).contains("run 6");

        router.releaseCaughtUp(r1);
        queried.clear();
        read(router);
        read(router);
        assertThat(queried).containsExactlyInAnyOrder("replica-0", "replica-1");
    }

    /** A node whose queries wait until {@code thawed} opens: frozen, its connections open. */
    void freezes(DatabaseNode node, CountDownLatch thawed) {
        behaviour.put(node.jdbc(), () -> {
            try {
                thawed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return node.name();
        });
    }

    ReadTimeouts hedgingAfter(Duration hedgeAfter, Duration deadline) {
        return new ReadTimeouts(deadline, hedgeAfter, 2, Duration.ofMillis(500));
    }

    /** A router over these replicas, falling back to the primary when there is one, hedging after {@code hedgeAfter}. */
    ReplicaRouter hedgingRouter(List<DatabaseNode> replicas, DatabaseNode primary, Duration hedgeAfter,
            Duration deadline) {
        return new ReplicaRouter(replicas, primary, primary != null, hedgingAfter(hedgeAfter, deadline), clock, meters);
    }

    @Test
    void aReplicaThatDoesNotAnswerIsHedgedToTheOtherOneWhoseAnswerWins() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = hedgingRouter(List.of(r0, r1), primary, Duration.ofMillis(20), Duration.ofSeconds(30));
        var thawed = new CountDownLatch(1);
        freezes(r0, thawed);
        try {
            assertThat(read(router)).as("the first read goes to replica-0, frozen").isEqualTo("replica-1");
            assertThat(count("salesrank.db.hedged", "replica-0")).isEqualTo(1);
            assertThat(count("salesrank.db.reads", "replica-1")).isEqualTo(1);
            assertThat(count("salesrank.db.reads", "primary")).as("two replicas hedge each other").isZero();
            assertThat(r0.isUp()).as("one late answer does not take a replica out").isTrue();
        } finally {
            thawed.countDown();
        }
    }

    @Test
    void aSingleReplicaIsHedgedToThePrimary() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = hedgingRouter(List.of(r0), primary, Duration.ofMillis(20), Duration.ofSeconds(30));
        var thawed = new CountDownLatch(1);
        freezes(r0, thawed);
        try {
            assertThat(read(router)).isEqualTo("primary");
            assertThat(count("salesrank.db.hedged", "replica-0")).isEqualTo(1);
        } finally {
            thawed.countDown();
        }
    }

    @Test
    void anAsyncReadHoldsNoThreadAndCompletesOnTheReaderThreadThatAnswered() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = hedgingRouter(List.of(r0), null, Duration.ofSeconds(10), Duration.ofSeconds(30));
        var thawed = new CountDownLatch(1);
        freezes(r0, thawed);
        var answeredOn = new AtomicReference<String>();

        var read = router.readAsync(jdbc -> behaviour.get(jdbc).get())
                .thenApply(answer -> {
                    answeredOn.set(Thread.currentThread().getName());
                    return answer;
                });
        assertThat(read).as("the caller is back before the database answers").isNotDone();

        thawed.countDown();
        assertThat(read.join()).isEqualTo("replica-0");
        assertThat(answeredOn.get()).as("what the caller chained ran where the answer came")
                .startsWith("bulkhead-db-replica-0");
        assertThat(count("salesrank.db.reads", "replica-0")).isEqualTo(1);
    }

    @Test
    void aReadQueuedBehindAFrozenReplicasBusyThreadsIsHedgedAndNeverRuns() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = hedgingRouter(List.of(r0, r1), null, Duration.ofMillis(20), Duration.ofSeconds(30));
        var thawed = new CountDownLatch(1);
        freezes(r0, thawed);
        try {
            List<CompletableFuture<String>> reads = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // round-robin: 3 on replica-0, whose 2 threads freeze, 1 queued
                reads.add(router.readAsync(jdbc -> {
                    String answer = behaviour.get(jdbc).get();
                    queried.add(answer);
                    return answer;
                }));
            }
            for (var read : reads) {
                assertThat(read.join()).isEqualTo("replica-1");
            }
            assertThat(count("salesrank.db.hedged", "replica-0")).as("running and queued alike").isEqualTo(3);
        } finally {
            thawed.countDown();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).alias("the frozen reads end once thawed")
                .until(() -> queried.stream().filter("replica-0"::equals).count() == 2);
        assertThat(queried).as("the queued read was answered by its hedge before it could start: never run")
                .containsOnly("replica-0", "replica-1").filteredOn("replica-0"::equals).hasSize(2);
    }

    @Test
    void aReadNoDatabaseAnswersFailsAtItsDeadline() {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode primary = node("primary", DatabaseNode.Role.PRIMARY);
        ReplicaRouter router = hedgingRouter(List.of(r0), primary, Duration.ofMillis(20), Duration.ofMillis(200));
        var thawed = new CountDownLatch(1);
        freezes(r0, thawed);
        freezes(primary, thawed);
        try {
            assertThatThrownBy(() -> read(router)).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("no database answered within 200 ms");
            assertThat(count("salesrank.db.deadline.exceeded", null)).isEqualTo(1);
        } finally {
            thawed.countDown();
        }
    }

    @Test
    void aReplicaWhoseReadsAreSlowLeavesTheRotationUntilAProbeAnswersInTime() throws Exception {
        DatabaseNode r0 = node("replica-0", DatabaseNode.Role.REPLICA);
        DatabaseNode r1 = node("replica-1", DatabaseNode.Role.REPLICA);
        ReplicaRouter router = new ReplicaRouter(List.of(r0, r1), null, false, timeouts, clock, meters);

        for (int i = 0; i < 4; i++) {
            r0.slowReads().onSuccess(timeouts.slowRead().toMillis() + 1, TimeUnit.MILLISECONDS);
        }

        assertThat(r0.isUp()).isFalse();
        assertThat(r0.outage().cause()).startsWith("slow: 100 % of its last 4 reads took over 500 ms");
        read(router);
        read(router);
        assertThat(queried).containsExactly("replica-1", "replica-1");

        var answer = new CountDownLatch(1);
        Connection connection = mock(Connection.class);
        Statement statement = mock(Statement.class);
        ResultSet one = mock(ResultSet.class);
        given(connection.createStatement()).willReturn(statement);
        given(statement.executeQuery("SELECT 1")).willReturn(one);
        given(one.next()).willReturn(true);
        given(dataSources.get("replica-0").getConnection()).willAnswer(call -> {
            answer.await();
            return connection;
        });
        router.probeDownNodes();
        assertThat(r0.isUp()).as("a probe not answered within slow-read").isFalse();

        answer.countDown();
        router.probeDownNodes();
        assertThat(r0.isUp()).isTrue();
        assertThat(r0.slowReads().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(r0.slowReads().getMetrics().getNumberOfBufferedCalls()).as("a clean slate").isZero();
    }

    @Test
    void refusesAConfigurationWithNothingToReadFrom() {
        assertThatThrownBy(() -> new ReplicaRouter(List.of(), node("primary", DatabaseNode.Role.PRIMARY), false,
                timeouts, clock, meters)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locationKeepsHostPortAndDatabaseOnly() {
        assertThat(ReplicaConfiguration.location(
                "jdbc:mysql://127.0.0.1:13407/salesrank?connectionTimeZone=UTC&password=secret"))
                .isEqualTo("127.0.0.1:13407/salesrank");
        assertThat(ReplicaConfiguration.location("jdbc:mysql://user:pw@db.example:3306/salesrank"))
                .isEqualTo("db.example:3306/salesrank");
    }
}
