package com.salesrank.ranker.publish;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the publisher's connections; the tests wrap it to inject failures around the swap. */
@FunctionalInterface
interface Connector {
    Connection connect() throws SQLException;
}
