package com.salesrank.ranker.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class S3ACommitterSettingsTest {

    @Test
    void outputOnS3UsesTheDirectoryCommitterInsteadOfCoreDefaultsRenameCommitter() {
        Configuration conf = new Configuration();
        assertThat(conf.get(S3ACommitterSettings.COMMITTER_NAME)).as("core-default.xml").isEqualTo("file");

        Configuration s3a = S3ACommitterSettings.forOutput(conf, new Path("s3a://bucket/rankings/run"));

        assertThat(s3a.get(S3ACommitterSettings.COMMITTER_NAME)).isEqualTo("directory");
        assertThat(s3a.get(S3ACommitterSettings.FACTORY_FOR_S3A)).isEqualTo(S3ACommitterSettings.S3A_COMMITTER_FACTORY);
        assertThat(conf.get(S3ACommitterSettings.COMMITTER_NAME)).as("the caller's conf is left alone").isEqualTo("file");
    }

    @Test
    void aCommitterChosenByTheUserWins() {
        Configuration conf = new Configuration();
        conf.set(S3ACommitterSettings.COMMITTER_NAME, "directory");

        Configuration s3a = S3ACommitterSettings.forOutput(conf, new Path("s3a://bucket/rankings/run"));

        assertThat(s3a.get(S3ACommitterSettings.COMMITTER_NAME)).isEqualTo("directory");
    }

    @Test
    void otherFileSystemsKeepTheirConfiguration() {
        Configuration conf = new Configuration();

        assertThat(S3ACommitterSettings.forOutput(conf, new Path("hdfs://nn/rankings/run"))).isSameAs(conf);
        assertThat(S3ACommitterSettings.forOutput(conf, new Path("/tmp/rankings/run"))).isSameAs(conf);
    }
}
