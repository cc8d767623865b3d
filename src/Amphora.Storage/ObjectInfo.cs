namespace Amphora.Storage;

/// <summary>One stored object: its key, size in bytes and when it was last written (the store's clock).</summary>
public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified);
