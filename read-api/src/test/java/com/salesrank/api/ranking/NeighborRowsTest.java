package com.salesrank.api.ranking;

import java.util.ArrayList;
import java.util.List;

import com.salesrank.api.run.NoRankingPublishedException;
import com.salesrank.contract.Ranking;
import org.junit.jupiter.api.Test;

import static com.salesrank.api.ranking.ProductRankRowsTest.FULL;
import static com.salesrank.api.ranking.ProductRankRowsTest.NEWER_HEAD;
import static com.salesrank.api.ranking.ProductRankRowsTest.OLDER_HEAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which ranking answers a product's neighbours: the same rule as its ranks. */
class NeighborRowsTest {

    static final long PRODUCT = 500;

    /** Products 501.. at ranks from..to, the product itself at {@code at}. */
    static List<NeighborRows.Row> rows(int from, int to, int at) {
        List<NeighborRows.Row> rows = new ArrayList<>();
        for (int rank = from; rank <= to; rank++) {
            rows.add(new NeighborRows.Row(rank, rank == at ? PRODUCT : 500 + rank, null, 1000 - rank));
        }
        return rows;
    }

    @Test
    void theFullRankingAloneListsTheProductsAroundTheProductBestFirst() {
        NeighborRows rows = new NeighborRows(PRODUCT, 7, "Toys", null,
                new NeighborRows.Side(FULL, 5, 40, rows(3, 7, 5)));

        ProductNeighbors answer = rows.answer(0, 2, 2);

        assertThat(answer.ranking()).isEqualTo(Ranking.FULL);
        assertThat(answer.runId()).isEqualTo(FULL.runId());
        assertThat(answer.rank()).isEqualTo(5);
        assertThat(answer.totalSold()).isEqualTo(995);
        assertThat(answer.rankedInCategory()).isEqualTo(40);
        assertThat(answer.percentile()).isEqualTo(90.0);
        assertThat(answer.above()).extracting(ProductNeighbors.Neighbor::rank).containsExactly(3, 4);
        assertThat(answer.below()).extracting(ProductNeighbors.Neighbor::rank).containsExactly(6, 7);
    }

    @Test
    void aNewerHeadThatRanksTheProductAnswersFromItsOwnRun() {
        NeighborRows rows = new NeighborRows(PRODUCT, 7, null, new NeighborRows.Side(NEWER_HEAD, 2, 100, rows(1, 4, 2)),
                new NeighborRows.Side(FULL, 5, 40, rows(3, 7, 5)));

        ProductNeighbors answer = rows.answer(100, 2, 2);

        assertThat(answer.ranking()).isEqualTo(Ranking.HEAD);
        assertThat(answer.runId()).isEqualTo(NEWER_HEAD.runId());
        assertThat(answer.above()).extracting(ProductNeighbors.Neighbor::rank).containsExactly(1);
        assertThat(answer.below()).extracting(ProductNeighbors.Neighbor::rank).containsExactly(3, 4);
    }

    @Test
    void aNewerHeadLeavesRanksDeeperThanKToTheFullRankingAndSupersedesShallowerOnes() {
        NeighborRows deep = new NeighborRows(PRODUCT, 7, null, new NeighborRows.Side(NEWER_HEAD, null, 100, List.of()),
                new NeighborRows.Side(FULL, 250, 400, rows(248, 252, 250)));
        assertThat(deep.answer(100, 2, 2).ranking()).isEqualTo(Ranking.FULL);

        NeighborRows shallow = new NeighborRows(PRODUCT, 7, null, new NeighborRows.Side(NEWER_HEAD, null, 100, List.of()),
                new NeighborRows.Side(FULL, 5, 40, rows(3, 7, 5)));
        assertThatThrownBy(() -> shallow.answer(100, 2, 2)).isInstanceOf(NotRankedInCategoryException.class);
    }

    @Test
    void anOlderHeadIsIgnoredAndAnUnrankedProductOrNoRankingAtAllIsSaid() {
        NeighborRows older = new NeighborRows(PRODUCT, 7, null, new NeighborRows.Side(OLDER_HEAD, 1, 100, rows(1, 3, 1)),
                new NeighborRows.Side(FULL, 5, 40, rows(3, 7, 5)));
        assertThat(older.answer(100, 1, 1).ranking()).isEqualTo(Ranking.FULL);

        NeighborRows unranked = new NeighborRows(PRODUCT, 7, null, null, new NeighborRows.Side(FULL, null, 0, List.of()));
        assertThatThrownBy(() -> unranked.answer(0, 2, 2)).isInstanceOf(NotRankedInCategoryException.class);

        assertThatThrownBy(() -> new NeighborRows(PRODUCT, 7, null, null, null).answer(0, 2, 2))
                .isInstanceOf(NoRankingPublishedException.class);
    }
}
