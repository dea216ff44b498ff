package com.salesrank.api.ranking;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which of the two published rankings an answer was read from: the hourly FULL ranking
 * (sales_rank / sales_rank_run) or the HEAD (sales_rank_head / sales_rank_head_run: ranks 1..K
 * of every category, refreshed every 10 minutes). Serialized as "full" / "head".
 */
enum Ranking {
    FULL, HEAD;

    @JsonValue
    String json() {
        return name().toLowerCase();
    }
}
