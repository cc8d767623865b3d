namespace Amphora.Storage.Local;

/// <summary>A written temporary file in <c>.amphora-tmp/</c>, held open (and so locked) until it has been renamed or deleted.</summary>
internal sealed class TemporaryFile(string path, FileStream locked) : IAsyncDisposable
{
    public string Path { get; } = path;

    public ValueTask DisposeAsync() => locked.DisposeAsync();
}
