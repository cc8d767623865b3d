using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>Loading SSTables into a running node: nodetool import (4.0+) and the deprecated nodetool refresh.</summary>
public sealed partial class SandboxNode
{
    /// <summary>
    /// nodetool import: moves the SSTables found in each directory into the table under new generations (in the
    /// data directory their first partition belongs to), links them into backups/ when incremental backups are on.
    /// Returns the directories that failed; a missing directory is an error.
    /// </summary>
    public IReadOnlyList<string> Import(TableSchema table, IReadOnlyList<string> directories, bool verify) => WithRunningNode((state, config) =>
    {
        var failed = new List<string>();
        foreach (var directory in directories)
        {
            if (!System.IO.Directory.Exists(directory))
            {
                throw new SandboxException($"Directory {directory} does not exist");
            }

            if (!ImportFrom(state, config, table, directory, _ => true, verify))
            {
                failed.Add(directory);
            }
        }

        return failed;
    });

    /// <summary>nodetool refresh: loads SSTables sitting in the table's data directories that the node does not track yet.</summary>
    public void Refresh(TableSchema table) => WithRunningNode((state, config) =>
    {
        var live = state.LiveOf(LiveKey(table, null)).ToHashSet();
        foreach (var dataDirectory in config.DataDirectories)
        {
            ImportFrom(state, config, table, TableDirectory(dataDirectory, table), d => !live.Contains(d.DataPath), verify: true);
        }
    });

    private bool ImportFrom(NodeState state, NodeConfig config, TableSchema table, string directory, Func<SSTableDescriptor, bool> include, bool verify)
    {
        var candidates = System.IO.Directory.EnumerateFiles(directory, "*-" + Components.Data)
            .Select(f => SSTableDescriptor.TryParse(f, out _))
            .OfType<SSTableDescriptor>()
            .Where(d => File.Exists(d.PathOf(Components.Toc)) && include(d))
            .ToList();
        var ok = true;
        foreach (var source in candidates)
        {
            long? firstToken;
            try
            {
                firstToken = FirstTokenReadingAll(source);
            }
            catch (Exception e) when (verify && e is InvalidDataException or IOException or ArgumentException)
            {
                ok = false;
                continue;
            }

            var disk = firstToken is { } token ? DiskIndexFor(token, config.DataDirectories.Count) : 0;
            var dataDirectory = config.DataDirectories[disk];
            var target = NewDescriptor(state, config, table, null, dataDirectory) with { Version = source.Version, FormatName = source.FormatName };
            foreach (var file in source.ExistingFiles().ToList())
            {
                var component = Path.GetFileName(file)[(source.Prefix.Length + 1)..];
                File.Move(file, target.PathOf(component));
            }

            state.LiveOf(LiveKey(table, null)).Add(target.DataPath);
            if (IncrementalBackupsEnabled(state, config))
            {
                LinkInto(target, BackupsDirectory(dataDirectory, table, null));
            }
        }

        return ok;
    }

    /// <summary>Reads every row (the verification), keeping only the first one's token: an SSTable may be larger than memory.</summary>
    private static long? FirstTokenReadingAll(SSTableDescriptor source)
    {
        long? first = null;
        foreach (var row in SSTableReader.ReadRows(source))
        {
            first ??= row.Token;
        }

        return first;
    }
}
