using System.Text.Json.Serialization;
using Amphora.Core.SSTables.Verification;

namespace Amphora.Core.Verification;

/// <summary>What <c>amphora verify</c> found, per node, table and SSTable.</summary>
public sealed record BackupVerificationReport(string Cluster, string Tag, bool Complete, IReadOnlyList<string> Checks, IReadOnlyList<NodeVerification> Nodes)
{
    public int ProblemCount => Nodes.Sum(n => n.ProblemCount);

    public bool IsValid => ProblemCount == 0;
}

public sealed record NodeVerification(Guid HostId, string? Datacenter, string? Rack, IReadOnlyList<VerificationProblem> Problems, IReadOnlyList<TableVerification> Tables)
{
    public int ProblemCount => Problems.Count + Tables.Sum(t => t.ProblemCount);
}

public sealed record TableVerification(
    string Keyspace, string Table, int Files, long Bytes, IReadOnlyList<VerificationProblem> Problems,
    [property: JsonPropertyName("sstables")] IReadOnlyList<SSTableVerification> SSTables)
{
    public int ProblemCount => Problems.Count + SSTables.Sum(s => s.Problems.Count);
}
