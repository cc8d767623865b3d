using Amphora.Core.CommitLogs;
using Amphora.Sandbox.Storage;
using Amphora.Tests.Support;

namespace Amphora.Tests.Sandbox;

/// <summary>
/// A one-data-directory sandbox node with 64 KiB commit log segments (so writes roll them) and an archive directory,
/// configured through its real conf/commitlog_archiving.properties; settings take effect at the next start.
/// </summary>
public sealed class ArchivingSandbox : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SandboxHarness Sandbox { get; } = new(dataDirectories: 1, segmentSize: "64KiB");

    public string ArchiveDirectory => Path.Combine(_directory.Path, "archive");

    public string CommitLogDirectory => Sandbox.Config().CommitLogDirectory;

    public string PropertiesPath => CommitLogArchivingProperties.PathBeside(Sandbox.Node().ConfigPath);

    /// <summary>Priam's archive command: a hard link into the archive directory.</summary>
    public string LinkCommand => $"/bin/ln %path {ArchiveDirectory}/%name";

    public string TempPath(string name) => Path.Combine(_directory.Path, name);

    /// <summary>Sets keys in commitlog_archiving.properties (an empty value clears one).</summary>
    public void Configure(params (string Key, string Value)[] settings)
    {
        var file = JavaPropertiesFile.Parse(File.ReadAllText(PropertiesPath));
        foreach (var (key, value) in settings)
        {
            file.Set(key, value);
        }

        File.WriteAllText(PropertiesPath, file.ToString());
    }

    /// <summary>Archives with <see cref="LinkCommand"/> from the next start on, and restarts the node so it reads that.</summary>
    public void StartArchiving()
    {
        Directory.CreateDirectory(ArchiveDirectory);
        Configure((CommitLogArchivingProperties.ArchiveCommandKey, LinkCommand));
        Restart();
    }

    /// <summary>A kill and a start: the memtable is gone, the commit log is replayed.</summary>
    public void Restart()
    {
        Sandbox.Node().Stop();
        Sandbox.Node().Start();
    }

    public static IReadOnlyList<string> SegmentNames(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "CommitLog-*.log").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList()
            : [];

    public IReadOnlyList<string> CommitLogSegments => SegmentNames(CommitLogDirectory);

    public IReadOnlyList<string> ArchivedSegments => SegmentNames(ArchiveDirectory);

    /// <summary>The table's rows as (key, timestamp, value) lines, from the running node.</summary>
    public IReadOnlyList<string> Rows(string table) =>
        Sandbox.Node().Dump(table).Select(r => $"{Amphora.Sandbox.SandboxNode.DescribeKey(r.Table, r.Row.Key)} {r.Row.Timestamp} {Convert.ToHexString(r.Row.Value!)}").ToList();

    /// <summary>Rows written with value size 100 so that 1000 of them roll a 64 KiB segment at least twice.</summary>
    public void Write(string table, long startKey, int rows, long timestampMicros) =>
        Sandbox.Write(table, rows, startKey, timestampMicros, valueSize: 100);

    /// <summary>
    /// The operator's PITR steps on a stopped node: the table directory holds only the SSTables of snapshot
    /// <paramref name="snapshot"/> (none when null), the commit log directory is emptied, and the node is told to restore
    /// the archive up to <paramref name="pointInTime"/>.
    /// </summary>
    public void PrepareRestore(string table, string? snapshot, PointInTime pointInTime, TimestampPrecision precision = TimestampPrecision.Microseconds)
    {
        var tableDirectory = Assert.Single(Sandbox.TableDirectories(table));
        foreach (var file in Directory.EnumerateFiles(tableDirectory))
        {
            File.Delete(file);
        }

        if (snapshot is not null)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(tableDirectory, "snapshots", snapshot)).Where(f => SSTableDescriptor.TryParse(f, out _) is not null))
            {
                File.Copy(file, Path.Combine(tableDirectory, Path.GetFileName(file)));
            }
        }

        foreach (var file in Directory.EnumerateFiles(CommitLogDirectory))
        {
            File.Delete(file);
        }

        Configure(
            (CommitLogArchivingProperties.RestoreDirectoriesKey, ArchiveDirectory),
            (CommitLogArchivingProperties.RestoreCommandKey, "/bin/cp -f %from %to"),
            (CommitLogArchivingProperties.RestorePointInTimeKey, pointInTime.ToPropertyText()),
            (CommitLogArchivingProperties.PrecisionKey, precision.ToPropertyText()));
    }

    public void Dispose()
    {
        Sandbox.Dispose();
        _directory.Dispose();
    }
}
