package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import com.salesrank.ranker.rank.CategoryPartitioner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import com.salesrank.ranker.state.StateStore;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply job mapper: turns one part of the old window's ranking into the same part of the new window's,
 * given the net changes of its categories (the delta job's part of the same number). The old rows arrive
 * in rank order; a product without a change keeps its place relative to the others without one, so per
 * category only the changed products are sorted, then merged into the unchanged ones in one pass. No
 * shuffle and no sort of the whole week's rows.
 *
 * <p>The new part is written into the state, and as the run's ranking, with an index sidecar ({@code .index}: its length, rows and
 * CRC-32, then where each category starts), and the old part is checked against its manifest entry.
 */
public class ApplyDeltaMapper extends Mapper<LongWritable, Text, NullWritable, NullWritable> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyDeltaMapper.class);
    private static final byte[] NEWLINE = {'\n'};

    private final long[] fields = new long[4];
    private final CRC32 oldCrc = new CRC32();
    private final CRC32 newCrc = new CRC32();
    private final byte[] buffer = new byte[96];
    private final StringBuilder index = new StringBuilder();
    private TreeMap<Integer, Map<Long, Long>> delta;
    private OutputStream out;
    private OutputStream rankingOut;
    private Path oldPart;
    /** The rewritten part in the state's new totals directory (its {@link PartSidecar} beside it). */
    private Path newPart;
    private int partition;
    private int partitions;
    private long expectedRows;
    private long expectedCrc;
    private long oldRows;
    private long newRows;
    private long offset;
    private boolean inconsistent;
    private boolean unparsable;

    // the category being read: its unchanged rows in old rank order, and its changed products' new totals
    private boolean inCategory;
    private int category;
    private long lastRank;
    private long lastTotal;
    private long lastProduct;
    // unchanged rows are most of the week: kept in reused primitive arrays, not an object per row
    private long[] unchangedProducts = new long[1 << 12];
    private long[] unchangedTotals = new long[1 << 12];
    private int unchanged;
    private final List<long[]> changed = new ArrayList<>();

    @Override
    protected void setup(Context context) throws IOException {
        Configuration conf = context.getConfiguration();
        oldPart = WholeFileTextInputFormat.pathOf(context.getInputSplit());
        partitions = conf.getInt(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + ".count", 0);
        partition = -1;
        for (int i = 0; i < partitions; i++) {
            String[] entry = conf.get(RankerConfigKeys.INCREMENTAL_APPLY_PARTS + "." + i).split("\t", 3);
            if (entry[2].equals(oldPart.toString())) {
                partition = i;
                expectedRows = Long.parseLong(entry[0]);
                expectedCrc = Long.parseLong(entry[1]);
            }
        }
        if (partition < 0) {
            throw new IOException("apply job: " + oldPart + " is not one of the totals parts the driver listed");
        }
        String name = String.format(java.util.Locale.ROOT, "part-r-%05d", partition);
        List<Path> deltaFiles = new ArrayList<>();
        for (int j = 0; j < conf.getInt(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + ".count", 0); j++) {
            deltaFiles.add(new Path(conf.get(RankerConfigKeys.INCREMENTAL_APPLY_DELTA_FILES + "." + j)));
        }
        int mine = partition;
        delta = IncrementalJobs.readDelta(conf, deltaFiles, c -> CategoryPartitioner.partitionOf(c, partitions) == mine);
        Path dir = new Path(conf.get(RankerConfigKeys.INCREMENTAL_APPLY_TOTALS_DIR));
        FileSystem fs = StateStore.fileSystem(dir, conf);
        out = new BufferedOutputStream(fs.create(new Path(dir, name), true), 1 << 16);
        String rankingDir = conf.get(RankerConfigKeys.INCREMENTAL_APPLY_RANKING_DIR);
        if (rankingDir != null) {
            Path ranking = new Path(rankingDir, name);
            rankingOut = new BufferedOutputStream(ranking.getFileSystem(conf).create(ranking, true), 1 << 16);
        }
        newPart = new Path(dir, name);
    }

    @Override
    protected void map(LongWritable position, Text line, Context context) throws IOException {
        oldRows++;
        oldCrc.update(line.getBytes(), 0, line.getLength());
        oldCrc.update(NEWLINE);
        if (!TabbedLongs.parse(line.getBytes(), line.getLength(), fields)) {
            unparsable = true;
            return;
        }
        int c = (int) fields[0];
        long rank = fields[1];
        long product = fields[2];
        long total = fields[3];
        if (!inCategory || c != category) {
            if (inCategory && c < category) {
                inconsistent = true; // categories out of order
            }
            finishCategory();
            writeCategoriesOnlyInDelta(c);
            if (CategoryPartitioner.partitionOf(c, partitions) != partition) {
                inconsistent = true; // a category in a part it does not belong to
            }
            startCategory(c);
        }
        boolean inOrder = rank == lastRank + 1
                && (lastRank == 0 || total < lastTotal || total == lastTotal && product > lastProduct);
        if (!inOrder || total <= 0) {
            inconsistent = true;
        }
        lastRank = rank;
        lastTotal = total;
        lastProduct = product;
        Map<Long, Long> changes = delta.get(c);
        Long change = changes == null ? null : changes.remove(product);
        if (change == null) {
            if (unchanged == unchangedProducts.length) {
                unchangedProducts = java.util.Arrays.copyOf(unchangedProducts, unchanged * 2);
                unchangedTotals = java.util.Arrays.copyOf(unchangedTotals, unchanged * 2);
            }
            unchangedProducts[unchanged] = product;
            unchangedTotals[unchanged++] = total;
        } else {
            addChanged(product, Math.addExact(total, change));
        }
    }

    private void startCategory(int c) {
        inCategory = true;
        category = c;
        lastRank = 0;
        lastTotal = 0;
        lastProduct = 0;
        unchanged = 0;
        changed.clear();
    }

    private void addChanged(long product, long total) {
        if (total > 0) {
            changed.add(new long[] {product, total});
        } else if (total < 0) {
            inconsistent = true; // more sales withdrawn than the window had
        }
    }

    /** Writes the category being read, with the products that only the delta knows. */
    private void finishCategory() throws IOException {
        if (!inCategory) {
            return;
        }
        Map<Long, Long> newcomers = delta.remove(category);
        if (newcomers != null) {
            newcomers.forEach(this::addChanged);
        }
        changed.sort(ApplyDeltaMapper::byRank);
        long start = offset;
        long rank = 0;
        int u = 0;
        int k = 0;
        while (u < unchanged || k < changed.size()) {
            long product;
            long total;
            if (k == changed.size() || u < unchanged
                    && byRank(unchangedProducts[u], unchangedTotals[u], changed.get(k)[0], changed.get(k)[1]) < 0) {
                product = unchangedProducts[u];
                total = unchangedTotals[u++];
            } else {
                long[] next = changed.get(k++);
                product = next[0];
                total = next[1];
            }
            int n = TabbedLongs.append(buffer, 0, category, ++rank, product, total);
            out.write(buffer, 0, n);
            if (rankingOut != null) {
                rankingOut.write(buffer, 0, n);
            }
            newCrc.update(buffer, 0, n);
            offset += n;
        }
        if (rank > 0) {
            index.append(category).append('\t').append(start).append('\t').append(rank).append('\n');
            newRows += rank;
        }
        inCategory = false;
    }

    /** Categories with no rows in the old part, only new sales: written in category order before {@code before}. */
    private void writeCategoriesOnlyInDelta(int before) throws IOException {
        Iterator<Map.Entry<Integer, Map<Long, Long>>> it = delta.headMap(before, false).entrySet().iterator();
        List<Integer> categories = new ArrayList<>();
        while (it.hasNext()) {
            categories.add(it.next().getKey());
        }
        for (int c : categories) {
            startCategory(c);
            finishCategory();
        }
    }

    /** Total sold descending, then product ascending. */
    private static int byRank(long[] a, long[] b) {
        return byRank(a[0], a[1], b[0], b[1]);
    }

    private static int byRank(long productA, long totalA, long productB, long totalB) {
        int c = Long.compare(totalB, totalA);
        return c != 0 ? c : Long.compare(productA, productB);
    }

    @Override
    protected void cleanup(Context context) throws IOException {
        finishCategory();
        writeCategoriesOnlyInDelta(Integer.MAX_VALUE);
        if (delta.containsKey(Integer.MAX_VALUE)) {
            startCategory(Integer.MAX_VALUE);
            finishCategory();
        }
        out.close();
        if (rankingOut != null) {
            rankingOut.close();
        }
        PartSidecar.write(StateStore.fileSystem(newPart, context.getConfiguration()), newPart, offset, newRows,
                newCrc.getValue(), index);
        context.getCounter(StateCounter.STATE_LINES_READ).increment(oldRows);
        if (unparsable || oldRows != expectedRows || oldCrc.getValue() != expectedCrc) {
            LOG.error("state totals {} are corrupt: {} lines (manifest: {}), crc {} (manifest: {})", oldPart, oldRows,
                    expectedRows, oldCrc.getValue(), expectedCrc);
            context.getCounter(StateCounter.CORRUPT_FILES).increment(1);
        }
        if (inconsistent) {
            LOG.error("state totals {} and the slices do not add up (rows out of order, or a total below zero)", oldPart);
            context.getCounter(StateCounter.INCONSISTENT_ROWS).increment(1);
        }
    }
}
