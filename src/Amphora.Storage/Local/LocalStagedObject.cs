namespace Amphora.Storage.Local;

/// <summary>
/// A whole, fsynced file in <c>.amphora-tmp/</c> waiting for its key, kept open and locked until it is published (by
/// rename-if-absent) or dropped.
/// </summary>
internal sealed class LocalStagedObject(LocalObjectStore store, TemporaryFile temporary) : StagedObject
{
    private bool _published;

    public override Task<bool> PublishIfAbsentAsync(string key, CancellationToken cancellationToken)
    {
        if (_published)
        {
            throw new InvalidOperationException("the staged object is already published");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _published = store.MoveIfAbsent(temporary.Path, key);
        if (!_published)
        {
            File.Delete(temporary.Path);
        }

        return Task.FromResult(_published);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_published)
        {
            try
            {
                File.Delete(temporary.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Dropped bytes left behind only waste space in .amphora-tmp/; failing here would hide why they were dropped.
            }
        }

        await temporary.DisposeAsync().ConfigureAwait(false);
    }
}
