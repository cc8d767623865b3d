namespace Amphora.Api.Agent;

/// <summary>One local snapshot on the node, with the disk space only it holds (the true size, as nodetool listsnapshots reports).</summary>
public sealed record LocalSnapshotInfo(string Name, long TrueSizeBytes, long SizeOnDiskBytes);
