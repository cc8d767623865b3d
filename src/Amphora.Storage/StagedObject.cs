namespace Amphora.Storage;

/// <summary>
/// Bytes a <see cref="IContentStagingStore"/> holds whole and durable, not yet under any key. Publishing names them; disposing
/// an unpublished one deletes them (it was dropped on purpose, or the work around it failed after the stage had succeeded).
/// A stage that itself failed or was cancelled never yields one, so its partial bytes stay to be resumed.
/// </summary>
public abstract class StagedObject : IAsyncDisposable
{
    /// <summary>
    /// Atomically gives the staged bytes the key unless an object already has it. True: the object is whole under the key on
    /// return, and durable once <see cref="IContentStagingStore.FlushPublishedAsync"/> has returned. False: an object already
    /// had the key and is left alone; the staged bytes are deleted.
    /// </summary>
    public abstract Task<bool> PublishIfAbsentAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the staged bytes unless they were published.</summary>
    public abstract ValueTask DisposeAsync();
}
