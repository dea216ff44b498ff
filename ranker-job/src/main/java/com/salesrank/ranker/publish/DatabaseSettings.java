package com.salesrank.ranker.publish;

import com.salesrank.ranker.RankerConfigKeys;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;

/**
 * Where the ranking is published: a JDBC URL of the primary and the writer's credentials.
 *
 * <p>Hadoop properties ({@code -Dsalesrank.db.url=...} etc.) override the {@code SALESRANK_DB_*}
 * environment variables, each one on its own. Without a URL from either there is nothing to
 * publish to, and the job writes files only.
 */
public record DatabaseSettings(String url, String user, String password) {

    public static final String URL_ENV = "SALESRANK_DB_URL";
    public static final String USER_ENV = "SALESRANK_DB_USER";
    public static final String PASSWORD_ENV = "SALESRANK_DB_PASSWORD";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!url.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException(
                    "database URL must be a MySQL JDBC URL (jdbc:mysql://host:port/salesrank...), got: " + url);
        }
    }

    /**
     * The settings from {@code conf} and {@code env}, or empty when neither names a database URL.
     *
     * @throws IllegalArgumentException when a URL is given without a user
     */
    public static Optional<DatabaseSettings> from(Configuration conf, Map<String, String> env) {
        String url = setting(conf, RankerConfigKeys.DB_URL, env, URL_ENV);
        if (url == null) {
            return Optional.empty();
        }
        String user = setting(conf, RankerConfigKeys.DB_USER, env, USER_ENV);
        if (user == null) {
            throw new IllegalArgumentException("a database URL is set (" + RankerConfigKeys.DB_URL + " or " + URL_ENV
                    + ") but no user: set " + RankerConfigKeys.DB_USER + " or " + USER_ENV);
        }
        // an empty password is a password (a local server may have none)
        String password = conf.get(RankerConfigKeys.DB_PASSWORD);
        if (password == null) {
            password = env.getOrDefault(PASSWORD_ENV, "");
        }
        return Optional.of(new DatabaseSettings(url, user, password));
    }

    private static String setting(Configuration conf, String property, Map<String, String> env, String variable) {
        String value = conf.getTrimmed(property);
        if (value == null || value.isEmpty()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****") + "]";
    }
}
