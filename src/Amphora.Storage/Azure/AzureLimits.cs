namespace Amphora.Storage.Azure;

/// <summary>What the Blob service allows, and the REST API version this client speaks.</summary>
internal static class AzureLimits
{
    /// <summary>Blocks in one committed block blob.</summary>
    public const int MaximumBlocks = 50_000;

    /// <summary>The service's own (and largest) page of List Blobs.</summary>
    public const int ListPageSize = 5_000;

    public const string ApiVersion = "2024-11-04";
}
