package com.salesrank.api.history;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The history and movers bodies exactly as RankHistoryService serializes them. */
class RankHistoryBodiesJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void rankHistory() {
        RankHistory history = new RankHistory(5, 7, List.of(
                new RankHistory.Point(Instant.parse("2026-11-27T12:00:00Z"), 3, 40),
                new RankHistory.Point(Instant.parse("2026-11-27T13:00:00Z"), 2, 41)));

        assertThat(json.writeValueAsString(history)).isEqualTo("{\"product_id\":5,\"category_id\":7,\"points\":["
                + "{\"window_end\":\"2026-11-27T12:00:00Z\",\"rank\":3,\"total_sold\":40},"
                + "{\"window_end\":\"2026-11-27T13:00:00Z\",\"rank\":2,\"total_sold\":41}]}");
    }

    @Test
    void moversWithANewcomerAndNoComparison() {
        Movers movers = new Movers(7, "Toys", Instant.parse("2026-11-28T13:00:00Z"), Instant.parse("2026-11-27T13:00:00Z"),
                List.of(new Movers.Item(50, "Kite", 5, null, 96), new Movers.Item(20, 2, 7, 5)));
        Movers none = new Movers(7, null, Instant.parse("2026-11-28T13:00:00Z"), null, List.of());

        assertThat(json.writeValueAsString(movers)).isEqualTo("{\"category_id\":7,\"category_name\":\"Toys\","
                + "\"window_end\":\"2026-11-28T13:00:00Z\","
                + "\"compared_with\":\"2026-11-27T13:00:00Z\",\"items\":["
                + "{\"product_id\":50,\"title\":\"Kite\",\"rank\":5,\"previous_rank\":null,\"change\":96},"
                + "{\"product_id\":20,\"title\":null,\"rank\":2,\"previous_rank\":7,\"change\":5}]}");
        assertThat(json.writeValueAsString(none)).isEqualTo("{\"category_id\":7,\"category_name\":null,\"window_end\":\"2026-11-28T13:00:00Z\","
                + "\"compared_with\":null,\"items\":[]}");
    }
}
