package com.salesrank.api.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The local stack's connection variables (scripts/stack.sh env): the job's
 * writer URL and credentials (for publishing fixtures) and the API's reader's. Missing
 * variables fail the integration tests with instructions; they never skip.
 */
record StackEnvironment(String primaryUrl, String writerUser, String writerPassword, List<String> replicaUrls,
        String primaryReaderUrl, String readerUser, String readerPassword) {

    static StackEnvironment require() {
        return new StackEnvironment(get("SALESRANK_DB_URL"), get("SALESRANK_DB_USER"), get("SALESRANK_DB_PASSWORD"),
                Arrays.stream(get("SALESRANK_REPLICA_URLS").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList(),
                get("SALESRANK_PRIMARY_READER_URL"), get("SALESRANK_READER_USER"), get("SALESRANK_READER_PASSWORD"));
    }

    private static String get(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set. The integration tests need the local stack: run "
                    + "`scripts/stack.sh up` and `eval \"$(scripts/stack.sh env)\"` (or scripts/test.sh), then rerun.");
        }
        return value;
    }

    /** host and port of a jdbc:mysql://host:port/... URL. */
    static String[] hostAndPort(String jdbcUrl) {
        String rest = jdbcUrl.replaceFirst("^jdbc:mysql://", "");
        String hostPort = rest.substring(0, rest.indexOf('/'));
        int colon = hostPort.lastIndexOf(':');
        return new String[] {hostPort.substring(0, colon), hostPort.substring(colon + 1)};
    }

    /** The same URL pointed at another port (the TCP proxies in front of the replica). */
    static String withPort(String jdbcUrl, int port) {
        String[] hp = hostAndPort(jdbcUrl);
        return jdbcUrl.replaceFirst("//" + hp[0] + ":" + hp[1] + "/", "//127.0.0.1:" + port + "/");
    }

    /** The checkout's root (where scripts/stack.sh is), found upwards from the working directory. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/stack.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find scripts/stack.sh above " + Path.of("").toAbsolutePath());
    }
}
