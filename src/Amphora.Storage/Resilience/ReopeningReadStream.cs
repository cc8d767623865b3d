namespace Amphora.Storage.Resilience;

/// <summary>
/// A download that survives dropped connections: when a read fails, the rest of the range is opened again at the byte where
/// the stream stopped, a bounded number of times.
/// </summary>
internal sealed class ReopeningReadStream(Stream first, ByteRange range, RetryOptions options, Func<ByteRange, CancellationToken, Task<Stream>> reopen)
    : ReadOnlyStream
{
    private Stream _current = first;
    private long _position;
    private int _failures;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception e) when (IsTransient(e) && _failures < options.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                _failures++;
                await _current.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(Backoff.Delay(options, _failures), cancellationToken).ConfigureAwait(false);
                var rest = new ByteRange(range.Offset + _position, range.Length is { } length ? length - _position : null);
                _current = await reopen(rest, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
        }

        base.Dispose(disposing);
    }

    // A network stream reports a dropped connection as an IOException (HttpIOException among them).
    private static bool IsTransient(Exception e) => e is StorageException { IsTransient: true } or IOException;
}
