package com.salesrank.api.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes catalog names (categories, products) row by row as the stack's admin, for tests that need
 * names without a whole catalog load (scripts/load-catalog.sh replaces the tables whole).
 */
final class CatalogFixtures {

    private final StackEnvironment stack;

    CatalogFixtures(StackEnvironment stack) {
        this.stack = stack;
    }

    void name(Map<Integer, String> categories, Map<Long, String> products) throws SQLException {
        try (Connection db = DriverManager.getConnection(stack.primaryUrl(), env("SALESRANK_ADMIN_USER"),
                env("SALESRANK_ADMIN_PASSWORD"));
                PreparedStatement category = db.prepareStatement(
                        "INSERT INTO categories (category_id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)");
                PreparedStatement product = db.prepareStatement(
                        "INSERT INTO products (product_id, title) VALUES (?, ?) ON DUPLICATE KEY UPDATE title = VALUES(title)")) {
            for (Map.Entry<Integer, String> entry : categories.entrySet()) {
                category.setInt(1, entry.getKey());
                category.setString(2, entry.getValue());
                category.executeUpdate();
            }
            for (Map.Entry<Long, String> entry : products.entrySet()) {
                product.setLong(1, entry.getKey());
                product.setString(2, entry.getValue());
                product.executeUpdate();
            }
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: eval \"$(scripts/stack.sh env)\" first");
        }
        return value;
    }
}
