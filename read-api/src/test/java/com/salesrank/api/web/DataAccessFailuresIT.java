package com.salesrank.api.web;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the real MariaDB and driver throw, through Spring's exception
 * translation as the API's JdbcClient does it, classified the way
 * ApiExceptionHandler answers it: a bug (bad SQL, a missing grant) is a 500,
 * a failure a retry can cure (timeout, no connection) a 503.
 */
class DataAccessFailuresIT {

    static JdbcTemplate reader(String url) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url, env("SALESRANK_READER_USER"),
                env("SALESRANK_READER_PASSWORD"));
        return new JdbcTemplate(dataSource);
    }

    static DataAccessException failure(JdbcTemplate jdbc, String sql) {
        DataAccessException failure = catchThrowableOfType(DataAccessException.class, () -> jdbc.queryForList(sql));
        assertThat(failure).as(sql).isNotNull();
        return failure;
    }

    @Test
    void badSqlAndAMissingGrantAreBugsNotOutages() {
        JdbcTemplate jdbc = reader(env("SALESRANK_REPLICA_URLS").split(",")[0]);

        DataAccessException badSql = failure(jdbc, "SELECT no_such_column FROM sales_rank");
        DataAccessException noGrant = failure(jdbc, "SELECT token FROM salesrank_stack.heartbeat");

        assertThat(ApiExceptionHandler.isTransient(badSql)).as(badSql.toString()).isFalse();
        assertThat(ApiExceptionHandler.isTransient(noGrant)).as(noGrant.toString()).isFalse();
    }

    @Test
    void aQueryTimeoutAndARefusedConnectionAreTransient() throws Exception {
        JdbcTemplate slow = reader(env("SALESRANK_REPLICA_URLS").split(",")[0]);
        slow.setQueryTimeout(1);
        DataAccessException timeout = failure(slow, "SELECT SLEEP(10)");

        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        DataAccessException refused = failure(
                reader("jdbc:mysql://127.0.0.1:" + closedPort + "/salesrank?connectTimeout=1000"), "SELECT 1");

        assertThat(ApiExceptionHandler.isTransient(timeout)).as(timeout.toString()).isTrue();
        assertThat(ApiExceptionHandler.isTransient(refused)).as(refused.toString()).isTrue();
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
