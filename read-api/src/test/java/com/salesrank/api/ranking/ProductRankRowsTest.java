package com.salesrank.api.ranking;

import java.time.Instant;
import java.util.List;

import com.salesrank.api.run.HeadRun;
import com.salesrank.api.run.PublishedRun;
import com.salesrank.contract.Ranking;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which ranking each of a product's ranks comes from. */
class ProductRankRowsTest {

    static final Instant START = Instant.parse("2026-11-20T13:00:00Z");
    static final PublishedRun FULL = new PublishedRun(59, START, Instant.parse("2026-11-27T13:00:00Z"),
            Instant.parse("2026-11-27T13:05:00Z"));
    static final PublishedRun NEWER_HEAD = new PublishedRun(61, START, Instant.parse("2026-11-27T13:20:00Z"),
            Instant.parse("2026-11-27T13:21:00Z"));
    static final PublishedRun OLDER_HEAD = new PublishedRun(57, START, Instant.parse("2026-11-27T12:50:00Z"),
            Instant.parse("2026-11-27T12:51:00Z"));
    static final PublishedRun SAME_WINDOW_HEAD = new PublishedRun(60, START, FULL.windowEnd(),
            Instant.parse("2026-11-27T13:02:00Z"));

    static ProductRanks.CategoryRank full(int category, int rank) {
        return ProductRanks.CategoryRank.of(category * 1000L + rank, category, null, rank, 5000, 1000 - rank,
                Ranking.FULL, FULL.runId());
    }

    static ProductRanks.CategoryRank head(PublishedRun run, int category, int rank) {
        return ProductRanks.CategoryRank.of(category * 1000L + rank, category, null, rank, 5000, 2000 - rank,
                Ranking.HEAD, run.runId());
    }

    @Test
    void aNewerHeadAnswersRanksWithinKAndTheFullRankingDeeperOnes() {
        ProductRanks ranks = new ProductRankRows(100, FULL,
                List.of(full(1, 5), full(2, 300), full(3, 40)),
                NEWER_HEAD, List.of(head(NEWER_HEAD, 1, 2)))
                .answer(100);

        assertThat(ranks.ranking()).isEqualTo(Ranking.HEAD);
        assertThat(ranks.runId()).isEqualTo(61);
        assertThat(ranks.runs()).extracting(ProductRanks.Run::ranking).containsExactly(Ranking.HEAD, Ranking.FULL);
        // category 1: the head's rank 2 replaces the full ranking's 5; category 2: rank 300 is beyond
        // K, so the full ranking says it; category 3: the newer head's top 100 no longer has the
        // product, so the full ranking's 40 is superseded and left out
        assertThat(ranks.ranks()).extracting(ProductRanks.CategoryRank::categoryId,
                        ProductRanks.CategoryRank::rank, ProductRanks.CategoryRank::ranking)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 2, Ranking.HEAD),
                        org.assertj.core.groups.Tuple.tuple(2, 300, Ranking.FULL));
    }

    @Test
    void anOlderHeadIsIgnored() {
        ProductRanks ranks = new ProductRankRows(100, FULL, List.of(full(3, 5), full(1, 9), full(2, 5)),
                OLDER_HEAD, List.of(head(OLDER_HEAD, 1, 1))).answer(100);

        assertThat(ranks.ranking()).isEqualTo(Ranking.FULL);
        assertThat(ranks.runId()).isEqualTo(59);
        assertThat(ranks.runs()).extracting(ProductRanks.Run::runId).containsExactly(59L);
        assertThat(ranks.ranks()).as("best placing first, then by category")
                .extracting(ProductRanks.CategoryRank::categoryId).containsExactly(2, 3, 1);
        assertThat(ranks.ranks()).extracting(ProductRanks.CategoryRank::ranking).containsOnly(Ranking.FULL);
    }

    @Test
    void onTheSameWindowTheFullRankingAnswers() {
        ProductRanks ranks = new ProductRankRows(100, FULL, List.of(full(1, 5)),
                SAME_WINDOW_HEAD, List.of(head(SAME_WINDOW_HEAD, 1, 5))).answer(100);

        assertThat(ranks.ranking()).isEqualTo(Ranking.FULL);
        assertThat(ranks.runs()).hasSize(1);
    }

    @Test
    void withoutAFullRankingTheHeadAloneAnswers() {
        ProductRanks ranks = new ProductRankRows(100, null, List.of(),
                NEWER_HEAD, List.of(head(NEWER_HEAD, 1, 3), head(NEWER_HEAD, 2, 1))).answer(100);

        assertThat(ranks.ranking()).isEqualTo(Ranking.HEAD);
        assertThat(ranks.runs()).extracting(ProductRanks.Run::runId).containsExactly(61L);
        assertThat(ranks.ranks()).extracting(ProductRanks.CategoryRank::rank).containsExactly(1, 3);
    }

    @Test
    void nothingPublishedIsNoAnswer() {
        assertThat(new ProductRankRows(100, null, List.of(), null, List.of()).answer(100)).isNull();
    }

    @Test
    void aPageIsWithinTheHeadOnlyUpToK() {
        HeadRun head = new HeadRun(NEWER_HEAD, 100);

        assertThat(head.covers(0, 100)).isTrue();
        assertThat(head.covers(90, 10)).isTrue();
        assertThat(head.covers(91, 10)).as("rank 101 is not in the head").isFalse();
        assertThat(head.covers(10_000, 100)).isFalse();
        assertThat(new HeadRun(NEWER_HEAD, 0).covers(0, 1)).as("an empty head covers nothing").isFalse();
        assertThat(head.newerThan(FULL)).isTrue();
        assertThat(head.newerThan(null)).isTrue();
        assertThat(new HeadRun(SAME_WINDOW_HEAD, 100).newerThan(FULL)).isFalse();
        assertThat(new HeadRun(OLDER_HEAD, 100).newerThan(FULL)).isFalse();
    }
}
