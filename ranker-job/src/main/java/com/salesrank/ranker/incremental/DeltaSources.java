package com.salesrank.ranker.incremental;

import com.salesrank.ranker.RankerConfigKeys;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The delta job's inputs as the driver lists them in the job configuration, one entry per slice. */
final class DeltaSources {

    private DeltaSources() {
    }

    static void add(Configuration conf, SliceRole role, long folderHour, long records, long crc, Path slice) {
        int i = conf.getInt(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + ".count", 0);
        conf.set(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + "." + i,
                role + "\t" + folderHour + "\t" + records + "\t" + crc + "\t" + slice);
        conf.setInt(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + ".count", i + 1);
    }

    /** Every entry by its path: @return role, folder hour, records, crc, path of each */
    static Map<String, String[]> all(Configuration conf) {
        int count = conf.getInt(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + ".count", 0);
        Map<String, String[]> entries = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            String[] entry = conf.get(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + "." + i).split("\t", 5);
            entries.put(entry[4], entry);
        }
        return entries;
    }

    /** @return role, folder hour, records, crc, path */
    static String[] find(Configuration conf, Path slice) throws IOException {
        int count = conf.getInt(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + ".count", 0);
        String wanted = slice.toString();
        for (int i = 0; i < count; i++) {
            String[] entry = conf.get(RankerConfigKeys.INCREMENTAL_DELTA_SOURCES + "." + i).split("\t", 5);
            if (entry[4].equals(wanted)) {
                return entry;
            }
        }
        throw new IOException("delta job: " + slice + " is not one of the slices the driver listed");
    }
}
