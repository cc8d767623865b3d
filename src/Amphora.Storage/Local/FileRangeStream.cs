namespace Amphora.Storage.Local;

/// <summary>Reads bytes [Offset, Offset + Length) of an open file, cut at the file's end.</summary>
internal sealed class FileRangeStream : ReadOnlyStream
{
    private readonly FileStream _file;
    private long _remaining;

    public FileRangeStream(FileStream file, ByteRange range)
    {
        _file = file;
        var available = Math.Max(0, file.Length - range.Offset);
        _remaining = range.Length is { } length ? Math.Min(length, available) : available;
        _file.Position = Math.Min(range.Offset, file.Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _file.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _file.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= read;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
