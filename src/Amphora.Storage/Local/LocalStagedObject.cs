namespace Amphora.Storage.Local;

/// <summary>
/// A whole, fsynced file in <c>.amphora-tmp/</c> under a name only its writer knows, waiting for its key: published by
/// rename-if-absent, or deleted when dropped.
/// </summary>
internal sealed class LocalStagedObject(LocalObjectStore store, string path) : StagedObject
{
    private bool _published;

    public override Task<bool> PublishIfAbsentAsync(string key, CancellationToken cancellationToken)
    {
        if (_published)
        {
            throw new InvalidOperationException("the staged object is already published");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _published = store.MoveIfAbsent(path, key);
        if (!_published)
        {
            File.Delete(path);
        }

        return Task.FromResult(_published);
    }

    public override ValueTask DisposeAsync()
    {
        if (!_published)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Dropped bytes left behind only waste space in .amphora-tmp/; failing here would hide why they were dropped.
            }
        }

        return ValueTask.CompletedTask;
    }
}
