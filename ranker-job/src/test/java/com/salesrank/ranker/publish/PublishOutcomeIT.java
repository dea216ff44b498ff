package com.salesrank.ranker.publish;

import com.salesrank.contract.Ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.salesrank.ranker.publish.PublishException.Outcome;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures injected around the swap, on the real stack: each publish failure must say truthfully whether
 * the run went live, and the live ranking must be what it says.
 */
class PublishOutcomeIT {

    private static final TestRankings SMALL = new TestRankings(12, 9);

    @TempDir
    Path tmp;

    private final Configuration conf = new Configuration();
    private Connection db;
    private LiveRanking before;

    @BeforeEach
    void publishABaseline() throws Exception {
        db = LocalStack.writerConnection();
        new RankingPublisher(LocalStack.writer()).publish(TestRankings.hadoopPath(SMALL.write(tmp, 501, 2)), conf,
                SMALL.facts(501));
        before = LiveRanking.read(db);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void aCloseThatFailsAfterARecordedRunIsNotReportedAsAFailure() throws Exception {
        RankingPublisher publisher = publisher(real -> () -> failing(real.connect(), (sql, connection) -> false, true));

        PublishedRun run = publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 502, 2)), conf, SMALL.facts(502));

        assertThat(LiveRanking.read(db).runId()).isEqualTo(run.runId()).isNotEqualTo(before.runId());
        assertThat(historyRows(run.runId())).isEqualTo(1);
    }

    @Test
    void aSwapThatHappenedButLostItsConnectionIsReportedAsPublished() throws Exception {
        // the RENAME runs on the server, then the client's connection drops before the reply
        RankingPublisher publisher = publisher(real -> () -> failing(real.connect(), (sql, connection) -> {
            if (!sql.startsWith("RENAME TABLE")) {
                return false;
            }
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
            return true;
        }, false));

        PublishException e = catchThrowableOfType(() -> publisher.publish(
                TestRankings.hadoopPath(SMALL.write(tmp, 503, 2)), conf, SMALL.facts(503)), PublishException.class);

        assertThat(e.outcome()).isEqualTo(Outcome.PUBLISHED);
        assertThat(e.getMessage()).contains("IS live", "without its ranking_runs row").doesNotContain("unchanged");
        LiveRanking live = LiveRanking.read(db);
        assertThat(live.runId()).isEqualTo(e.runId()).isNotEqualTo(before.runId());
        assertThat(TestRankings.generationOf(live.windowStart())).isEqualTo(503);
        assertThat(historyRows(e.runId())).isZero();
    }

    @Test
    void aSwapKilledWhileItWaitsIsReportedAsNotPublished() throws Exception {
        RankingPublisher publisher = new RankingPublisher(LocalStack.writer());
        try (Connection reader = LocalStack.writerConnection()) {
            // an open transaction that has read the live table holds a metadata lock: the RENAME waits for it
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sales_rank")) {
                rs.next();
            }
            CompletableFuture<PublishedRun> publishing = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(TestRankings.hadoopPath(SMALL.write(tmp, 504, 2)), conf, SMALL.facts(504));
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            long renaming = awaitSession("RENAME TABLE%", publishing);
            try (Statement kill = db.createStatement()) {
                kill.execute("KILL CONNECTION " + renaming); // the connection is lost in the middle of the swap
            }
            Throwable failure = catchThrowableOfType(() -> publishing.get(60, TimeUnit.SECONDS),
                    java.util.concurrent.ExecutionException.class).getCause();
            reader.rollback();

            assertThat(failure).isInstanceOf(PublishException.class);
            PublishException e = (PublishException) failure;
            assertThat(e.outcome()).as(e.getMessage()).isEqualTo(Outcome.NOT_PUBLISHED);
            assertThat(e.getMessage()).contains("the swap of run " + e.runId() + " failed", "unchanged");
        }
        assertThat(LiveRanking.read(db)).isEqualTo(before);
        // and the next publish goes through
        PublishedRun next = new RankingPublisher(LocalStack.writer()).publish(
                TestRankings.hadoopPath(SMALL.write(tmp, 505, 2)), conf, SMALL.facts(505));
        assertThat(LiveRanking.read(db).runId()).isEqualTo(next.runId());
    }

    @Test
    void aSwapWhoseOutcomeCannotBeCheckedIsReportedAsUnknown() throws Exception {
        AtomicBoolean serverGone = new AtomicBoolean();
        RankingPublisher publisher = publisher(real -> () -> {
            if (serverGone.get()) {
                throw new SQLNonTransientConnectionException("Could not connect (injected)", "08001");
            }
            return failing(real.connect(), (sql, connection) -> {
                if (sql.startsWith("RENAME TABLE")) {
                    serverGone.set(true); // the RENAME was sent; neither its reply nor a new connection arrives
                    return true;
                }
                return false;
            }, false);
        });

        PublishException e = catchThrowableOfType(() -> publisher.publish(
                TestRankings.hadoopPath(SMALL.write(tmp, 506, 2)), conf, SMALL.facts(506)), PublishException.class);

        assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(e.getMessage()).contains("UNKNOWN", "sales_rank_run holds run_id " + e.runId());
        assertThat(LiveRanking.read(db)).isEqualTo(before);
    }

    @Test
    void aFailureBeforeTheSwapIsReportedAsNotPublished() throws Exception {
        RankingPublisher publisher = publisher(real -> () -> failing(real.connect(),
                (sql, connection) -> sql.startsWith("INSERT INTO sales_rank_run_staging"), false));

        PublishException e = catchThrowableOfType(() -> publisher.publish(
                TestRankings.hadoopPath(SMALL.write(tmp, 507, 2)), conf, SMALL.facts(507)), PublishException.class);

        assertThat(e.outcome()).isEqualTo(Outcome.NOT_PUBLISHED);
        assertThat(e.getMessage()).contains("failed before the swap", "unchanged");
        assertThat(LiveRanking.read(db)).isEqualTo(before);
    }

    private static RankingPublisher publisher(UnaryOperator<Connector> wrap) {
        return new RankingPublisher(LocalStack.writer(), Ranking.FULL, wrap);
    }

    private long historyRows(long runId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM ranking_runs WHERE run_id = ?")) {
            s.setLong(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long awaitSession(String infoLike, CompletableFuture<?> publishing) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (publishing.isDone()) {
                throw new AssertionError("the publish ended before its RENAME waited: " + publishing.handle((r, t) -> t).get());
            }
            try (PreparedStatement s = db.prepareStatement(
                    "SELECT id FROM information_schema.processlist WHERE info LIKE ?")) {
                s.setString(1, infoLike);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session ran " + infoLike + " within 60 s");
    }

    /** Decides, for a statement about to run, whether the connection "drops" (true) after whatever it did. */
    @FunctionalInterface
    interface Fault {
        boolean drops(String sql, Connection real) throws SQLException;
    }

    /**
     * {@code real}, except that a statement for which {@code fault} answers true aborts the real connection
     * and throws what the driver throws for a lost connection; and with {@code failingClose}, close() closes
     * the real connection and then throws.
     */
    private static Connection failing(Connection real, Fault fault, boolean failingClose) {
        InvocationHandler connectionHandler = (proxy, method, args) -> {
            if (method.getName().equals("close") && failingClose) {
                real.close();
                throw new SQLException("close failed (injected)");
            }
            Object result = invoke(real, method, args);
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return statement(statement, real, fault);
            }
            if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                return prepared(prepared, (String) args[0], real, fault);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(PublishOutcomeIT.class.getClassLoader(),
                new Class<?>[] {Connection.class}, connectionHandler);
    }

    private static Statement statement(Statement real, Connection connection, Fault fault) {
        return (Statement) Proxy.newProxyInstance(PublishOutcomeIT.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute") && args != null && args.length == 1
                            && fault.drops((String) args[0], connection)) {
                        lose(connection);
                    }
                    return invoke(real, method, args);
                });
    }

    /** {@code real}, except that executing it loses the connection when {@code fault} says so for its SQL. */
    private static PreparedStatement prepared(PreparedStatement real, String sql, Connection connection, Fault fault) {
        return (PreparedStatement) Proxy.newProxyInstance(PublishOutcomeIT.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && fault.drops(sql, connection)) {
                        lose(connection);
                    }
                    return invoke(real, method, args);
                });
    }

    private static void lose(Connection connection) throws SQLException {
        connection.abort(Runnable::run);
        throw new SQLNonTransientConnectionException("Communications link failure (injected)", "08S01");
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
