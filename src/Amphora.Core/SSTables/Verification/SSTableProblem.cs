namespace Amphora.Core.SSTables.Verification;

/// <summary>One failed check: the component file it concerns, which check (<see cref="SSTableChecks"/>) and what is wrong.</summary>
public sealed record SSTableProblem(string Component, string Check, string Message)
{
    public override string ToString() => $"{Component}: {Check}: {Message}";
}
