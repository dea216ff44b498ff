package com.salesrank.api.ranking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;

import com.salesrank.contract.Ranking;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * How a page's rows are read: the page statements have no ORDER BY (it cost the database a temporary
 * table and a sort per read), so the rows may come in any order and the page is still in rank order.
 */
class PopularRowsTest {

    private static final LocalDateTime START = LocalDateTime.of(2026, 11, 29, 1, 0);
    private static final LocalDateTime END = LocalDateTime.of(2026, 12, 6, 1, 0);
    private static final LocalDateTime PUBLISHED = LocalDateTime.of(2026, 12, 6, 1, 4);

    /** A row of POPULAR: run_id, window_start, window_end, published_at, id, rank, product, sold, category, title. */
    private static Object[] row(Integer rank, String title) {
        return rank == null
                ? new Object[] {41L, START, END, PUBLISHED, null, null, null, null, "Toys", null}
                : new Object[] {41L, START, END, PUBLISHED, 7000L + rank, rank, 100L + rank, 1000L - rank, "Toys", title};
    }

    /** The rows as a ResultSet: next(), the getters readPopular uses, and wasNull(). */
    private static ResultSet resultSet(List<Object[]> rows) throws SQLException {
        ResultSet rs = mock(ResultSet.class);
        int[] at = {-1};
        Object[] last = {null};
        when(rs.next()).thenAnswer(call -> ++at[0] < rows.size());
        when(rs.wasNull()).thenAnswer(call -> last[0] == null);
        when(rs.getLong(anyInt())).thenAnswer(call -> {
            last[0] = rows.get(at[0])[(int) call.getArgument(0) - 1];
            return last[0] == null ? 0L : ((Number) last[0]).longValue();
        });
        when(rs.getInt(anyInt())).thenAnswer(call -> {
            last[0] = rows.get(at[0])[(int) call.getArgument(0) - 1];
            return last[0] == null ? 0 : ((Number) last[0]).intValue();
        });
        when(rs.getString(anyInt())).thenAnswer(call -> {
            last[0] = rows.get(at[0])[(int) call.getArgument(0) - 1];
            return (String) last[0];
        });
        when(rs.getObject(anyInt(), eq(LocalDateTime.class))).thenAnswer(call -> {
            last[0] = rows.get(at[0])[(int) call.getArgument(0) - 1];
            return last[0];
        });
        return rs;
    }

    @Test
    void rowsThatComeOutOfOrderMakeAPageInRankOrder() throws SQLException {
        ResultSet rs = resultSet(List.of(row(3, "Kite"), row(1, "Yo-yo"), row(4, "Top"), row(2, "Ball")));

        PopularProducts page = RankingRepository.readPopular(12, rs, 0);

        assertThat(page.items()).extracting(PopularProducts.Item::rank).containsExactly(1, 2, 3, 4);
        assertThat(page.items()).extracting(PopularProducts.Item::title).containsExactly("Yo-yo", "Ball", "Kite", "Top");
        assertThat(page.items()).extracting(PopularProducts.Item::productId).containsExactly(101L, 102L, 103L, 104L);
        assertThat(page.categoryName()).isEqualTo("Toys");
        assertThat(page.runId()).isEqualTo(41L);
        assertThat(page.ranking()).isEqualTo(Ranking.FULL);
    }

    @Test
    void theRunRowAloneIsAnEmptyPageOfThatRun() throws SQLException {
        PopularProducts page = RankingRepository.readPopular(12, resultSet(List.<Object[]>of(row(null, null))), 0);

        assertThat(page.items()).isEmpty();
        assertThat(page.runId()).isEqualTo(41L);
        assertThat(page.categoryName()).isEqualTo("Toys");
    }

    @Test
    void noRowAtAllIsNoPublishedRanking() throws SQLException {
        assertThat(RankingRepository.readPopular(12, resultSet(List.of()), 0)).isNull();
    }
}
