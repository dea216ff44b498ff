package com.salesrank.ranker.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineBlockInputFormatTest {

    @TempDir
    Path dir;

    /** Blocks of every split of {@code dir}, per file in the order read. */
    private List<byte[]> readAll(Configuration conf) throws Exception {
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(dir.toUri()));
        FileInputFormat.setInputDirRecursive(job, true);
        LineBlockInputFormat format = new LineBlockInputFormat();
        List<byte[]> blocks = new ArrayList<>();
        for (InputSplit split : format.getSplits(job)) {
            TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
            try (RecordReader<LongWritable, Text> reader = format.createRecordReader(split, context)) {
                reader.initialize(split, context);
                while (reader.nextKeyValue()) {
                    blocks.add(reader.getCurrentValue().copyBytes());
                }
            }
        }
        return blocks;
    }

    @Test
    void handsOutWholeLinesOnlyAndEveryByteOnce() throws Exception {
        // a line longer than a block, the three line ends, a \r\n across where a block would end, no final end
        StringBuilder text = new StringBuilder("a".repeat(LineBlockInputFormat.BLOCK_BYTES + 10)).append('\n');
        int line = 0;
        while (text.length() < 6 * LineBlockInputFormat.BLOCK_BYTES) {
            text.append("line ").append(line).append(line % 3 == 0 ? "\r\n" : line % 3 == 1 ? "\r" : "\n");
            line++;
        }
        text.append("last, unended");
        byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("sales.log"), content);

        List<byte[]> blocks = readAll(new Configuration(false));

        assertThat(blocks).hasSizeGreaterThan(2); // the buffer grew to two blocks' bytes for the long line
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < blocks.size(); i++) {
            byte[] block = blocks.get(i);
            joined.write(block);
            if (i < blocks.size() - 1) {
                byte last = block[block.length - 1];
                assertThat(last == '\n' || last == '\r').as("block %d ends at a line end", i).isTrue();
                assertThat(last == '\r' && blocks.get(i + 1)[0] == '\n').as("a \\r\\n split after block %d", i).isFalse();
            }
        }
        assertThat(joined.toByteArray()).isEqualTo(content);
    }

    @Test
    void readsGzipAndSkipsAByteOrderMarkLikeHadoopsLineReader() throws Exception {
        byte[] lines = "first\nsecond\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.log.gz")))) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write(lines);
        }
        Files.write(dir.resolve("b.log"), new byte[0]);

        List<byte[]> blocks = readAll(new Configuration(false));

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0)).isEqualTo(lines);
    }
}
