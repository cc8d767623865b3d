using System.Globalization;
using System.Text;
using Amphora.Core.Checksums;

namespace Amphora.Sandbox.Storage;

/// <summary>
/// A lifecycle transaction log, <c>&lt;ver&gt;_txn_compaction_&lt;uuid&gt;.log</c> in each table directory a compaction
/// touches: <c>ADD:[path,time,files][crc]</c> for new SSTables, <c>REMOVE:[...]</c> for obsolete ones, then
/// <c>COMMIT:[,0,0][crc]</c>. While it exists the SSTables it names are in flux.
/// </summary>
public sealed class TransactionLog
{
    private readonly List<string> _paths = [];

    public TransactionLog(string version, Guid id, IEnumerable<string> directories)
    {
        foreach (var directory in directories.Distinct())
        {
            var path = Path.Combine(directory, $"{version}_txn_compaction_{id:D}.log");
            File.WriteAllText(path, string.Empty);
            _paths.Add(path);
        }
    }

    public IReadOnlyList<string> Paths => _paths;

    public void Add(SSTableDescriptor sstable) => Append(sstable.Directory, Record("ADD", Base(sstable), 0, 0));

    public void Remove(SSTableDescriptor sstable)
    {
        var files = sstable.ExistingFiles().ToList();
        var updated = files.Count == 0 ? 0 : files.Max(f => new DateTimeOffset(File.GetLastWriteTimeUtc(f)).ToUnixTimeMilliseconds());
        Append(sstable.Directory, Record("REMOVE", Base(sstable), updated, files.Count));
    }

    public void Commit()
    {
        foreach (var path in _paths)
        {
            File.AppendAllText(path, Record("COMMIT", string.Empty, 0, 0));
        }
    }

    public void Delete()
    {
        foreach (var path in _paths)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Start-up clean-up (LifecycleTransaction.removeUnfinishedLeftovers): a committed log's REMOVE SSTables are
    /// deleted, an uncommitted log's ADD SSTables are deleted; then the log goes.
    /// </summary>
    public static void CompleteOrRollBack(string tableDirectory)
    {
        if (!Directory.Exists(tableDirectory))
        {
            return;
        }

        foreach (var log in Directory.EnumerateFiles(tableDirectory, "*_txn_*.log").ToList())
        {
            var records = File.ReadAllLines(log).Where(l => l.Length > 0).ToList();
            var committed = records.Any(r => r.StartsWith("COMMIT:", StringComparison.Ordinal));
            var doomed = committed ? "REMOVE:[" : "ADD:[";
            foreach (var record in records.Where(r => r.StartsWith(doomed, StringComparison.Ordinal)))
            {
                var basePath = record[doomed.Length..record.IndexOf(',', StringComparison.Ordinal)];
                var directory = Path.GetDirectoryName(basePath)!;
                if (Directory.Exists(directory))
                {
                    foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(basePath) + "-*"))
                    {
                        File.Delete(file);
                    }
                }
            }

            File.Delete(log);
        }
    }

    private static string Base(SSTableDescriptor sstable) => Path.Combine(sstable.Directory, sstable.Prefix);

    private static string Record(string type, string path, long updateTime, int files)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{type}:[{path},{updateTime},{files}]");
        return string.Create(CultureInfo.InvariantCulture, $"{body}[{Crc32.Compute(Encoding.UTF8.GetBytes(body))}]\n");
    }

    private void Append(string sstableDirectory, string record)
    {
        var log = _paths.FirstOrDefault(p => Path.GetDirectoryName(p) == sstableDirectory) ?? _paths[0];
        File.AppendAllText(log, record);
    }
}
