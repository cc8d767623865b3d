using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables;

/// <summary>The "never back up" rules of the reference (cassandra-on-disk.md section 1).</summary>
public sealed class BackupExclusionsTests
{
    [Theory]
    [InlineData("nb_txn_compaction_6b2d1c90-7f2a-11ee-b962-0242ac120002.log")]
    [InlineData("ma_txn_flush_0a1b2c3d-7f2a-11ee-b962-0242ac120002.log")]
    [InlineData(".t_idx/nb_txn_compaction_6b2d1c90-7f2a-11ee-b962-0242ac120002.log")]
    public void Transaction_logs_are_excluded(string path) => Assert.True(BackupExclusions.IsExcluded(path));

    [Theory]
    [InlineData("ks-t-tmp-ka-1-Data.db")]
    [InlineData("ks-t-tmplink-ka-1-Index.db")]
    [InlineData("tmp-la-1-big-Data.db")]
    public void Legacy_tmp_and_tmplink_names_are_excluded(string path) => Assert.True(BackupExclusions.IsExcluded(path));

    [Theory]
    [InlineData("nb-1-big-Statistics.db.tmp")]
    [InlineData("nb-1-big-Data.db.6b2d1c90-7f2a-11ee-b962-0242ac120002.tmp")]
    [InlineData("me-3-big-TOC.txt.tmp")]
    [InlineData("me-3-big-TemporaryHashes.db.tmp")]
    [InlineData(".t_idx/nb-1-big-Summary.db.tmp")]
    public void Files_ending_in_tmp_are_excluded(string path) => Assert.True(BackupExclusions.IsExcluded(path));

    [Theory]
    [InlineData("pending_delete/me-3-big-Data.db")]
    [InlineData("staging/me-3-big-Data.db")]
    [InlineData("quarantine/me-3-big-TOC.txt")]
    [InlineData("5.sstable/me-5-big-Data.db")]
    [InlineData("staging/5.sstable/me-5-big-Data.db")]
    public void Scylla_state_and_temporary_sstable_directories_are_excluded(string path) => Assert.True(BackupExclusions.IsExcluded(path));

    [Theory]
    [InlineData("nb-1-big-Data.db")]
    [InlineData("nb-1-big-TOC.txt")]
    [InlineData("keyspace1-auditlogsbyid-ka-1-Digest.sha1")]
    [InlineData("da-3gau_0a4e_1c5ko2q8hd3x0w3fm6-bti-Partitions.db")]
    [InlineData("oa-1-big-SAI+aa+val_idx+Meta.db")]
    [InlineData(".idx/nb-1-big-Data.db")]
    [InlineData("backups/nb-1-big-Data.db")]
    [InlineData("snapshots/staging/nb-1-big-Data.db")] // a snapshot tagged "staging" is not Scylla's staging dir
    [InlineData("manifest.json")]
    [InlineData("schema.cql")]
    public void Normal_files_are_not_excluded(string path) => Assert.False(BackupExclusions.IsExcluded(path));

    [Theory]
    [InlineData("system", "compactions_in_progress", true)]
    [InlineData("system", "local", false)]
    [InlineData("ks", "compactions_in_progress", false)]
    public void Only_legacy_system_compactions_in_progress_is_an_excluded_table(string keyspace, string table, bool excluded) =>
        Assert.Equal(excluded, BackupExclusions.IsExcludedTable(keyspace, table));
}
