using Amphora.Core.SSTables;

namespace Amphora.Core.Backup;

/// <summary>A file of a node-local snapshot: its table, its path relative to the table's snapshot directory, and what it is.</summary>
public sealed record SnapshotFile(TableDirectory Table, string RelativePath, string FullPath, SSTableFileName? SSTable);
