package com.salesrank.api.replica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The API's database connections, built exactly as the API builds them, on
 * the real MariaDB primary: they cannot LOAD DATA LOCAL, even from a URL that
 * asks for it: the server refuses the statement because the client never
 * offered the capability. A connection that allows it gets further (to the
 * server's privilege check), so the refusal is the capability, not the grant.
 */
class ReaderConnectionsIT {

    // MariaDB's ER_LOAD_INFILE_CAPABILITY_DISABLED: the client did not offer the capability
    private static final int CAPABILITY_DISABLED = 4166;
    // ER_TABLEACCESS_DENIED_ERROR: the reader has no INSERT
    private static final int TABLE_ACCESS_DENIED = 1142;

    @TempDir
    Path dir;

    @Test
    void theApisConnectionsRefuseLoadDataLocalEvenWhenTheUrlAsksForIt() throws Exception {
        String readerUrl = env("SALESRANK_PRIMARY_READER_URL");
        assertThat(readerUrl).as("the stack's reader URL for the primary").contains("allowLoadLocalInfile=false");
        String asking = readerUrl.replace("allowLoadLocalInfile=false", "allowLoadLocalInfile=true");
        String load = loadStatement();

        for (String url : List.of(readerUrl, asking)) {
            try (HikariDataSource pool = ReplicaConfiguration.dataSource("primary", url, properties(url),
                    new SimpleMeterRegistry());
                    Connection connection = pool.getConnection()) {
                // The pool's read-only flag already makes the driver refuse any modifying
                // statement; lift it so that what is tested is the missing LOAD DATA LOCAL capability.
                connection.setReadOnly(false);
                Statement statement = connection.createStatement();
                SQLException refused = catchThrowableOfType(SQLException.class, () -> statement.execute(load));
                assertThat((Throwable) refused).as("LOAD DATA LOCAL through the API's pool for %s", url).isNotNull();
                assertThat(refused.getErrorCode()).as(refused.getMessage()).isEqualTo(CAPABILITY_DISABLED);
            }
        }

        try (Connection allowing = DriverManager.getConnection(asking, env("SALESRANK_READER_USER"),
                env("SALESRANK_READER_PASSWORD"));
                Statement statement = allowing.createStatement()) {
            SQLException denied = catchThrowableOfType(SQLException.class, () -> statement.execute(load));
            assertThat((Throwable) denied).isNotNull();
            assertThat(denied.getErrorCode()).as(denied.getMessage()).isEqualTo(TABLE_ACCESS_DENIED);
        }
    }

    private String loadStatement() throws Exception {
        Path file = Files.writeString(dir.resolve("rows.tsv"), "1\t1\t1\t1\n");
        return "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE sales_rank"
                + " (category_id, category_rank, product_id, total_sold)";
    }

    private static DatabaseProperties properties(String url) {
        return new DatabaseProperties(List.of(), url, env("SALESRANK_READER_USER"), env("SALESRANK_READER_PASSWORD"),
                true, 1, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(50), 1,
                0.05, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set. The integration tests need the local stack: run "
                    + "`scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` (or scripts/test.sh), then rerun.");
        }
        return value;
    }
}
