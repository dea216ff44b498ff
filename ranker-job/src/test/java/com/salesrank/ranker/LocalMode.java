package com.salesrank.ranker;

import org.apache.hadoop.conf.Configuration;

/** Hadoop's local mode as the tests run it: small sort buffers, fast completion polling, two slots. */
public final class LocalMode {

    private LocalMode() {
    }

    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set("mapreduce.framework.name", "local");
        conf.set("fs.defaultFS", "file:///");
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        conf.setInt("mapreduce.local.map.tasks.maximum", 2);
        conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
        conf.setInt("mapreduce.task.io.sort.mb", 32);
        return conf;
    }
}
