using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox;

/// <summary>How <c>sandbox write</c> creates a table that does not exist yet.</summary>
public sealed record TableCreation
{
    public TableStorageOptions Storage { get; init; } = TableStorageOptions.Default;

    public IReadOnlyList<string> Indexes { get; init; } = [];
}
