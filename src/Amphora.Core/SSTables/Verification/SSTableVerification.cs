namespace Amphora.Core.SSTables.Verification;

/// <summary>The outcome for one SSTable: what could be learned about it and every check that failed.</summary>
public sealed record SSTableVerification(string Prefix, SSTableDetails Details, IReadOnlyList<SSTableProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
