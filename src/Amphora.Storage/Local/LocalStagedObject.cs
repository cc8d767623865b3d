namespace Amphora.Storage.Local;

/// <summary>A whole, fsynced file in <c>.amphora-tmp/</c> waiting for its key; published by rename-if-absent.</summary>
internal sealed class LocalStagedObject(LocalObjectStore store, string temporary) : StagedObject
{
    private bool _published;

    public override Task<bool> PublishIfAbsentAsync(string key, CancellationToken cancellationToken)
    {
        if (_published)
        {
            throw new InvalidOperationException("the staged object is already published");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _published = store.MoveIfAbsent(temporary, key);
        if (!_published)
        {
            File.Delete(temporary);
        }

        return Task.FromResult(_published);
    }

    public override ValueTask DisposeAsync()
    {
        if (!_published)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Dropped bytes left behind only waste space in .amphora-tmp/; failing here would hide why they were dropped.
            }
        }

        return ValueTask.CompletedTask;
    }
}
