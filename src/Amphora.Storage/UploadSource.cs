namespace Amphora.Storage;

/// <summary>
/// What a put stores: a known number of bytes that can be read again from the start, so that a failed or killed put can be
/// retried or resumed. Backends read it once, in order, whatever they send in parallel.
/// </summary>
public abstract class UploadSource
{
    /// <summary>The exact number of bytes the source yields; a source yielding more or fewer fails the put.</summary>
    public abstract long Length { get; }

    /// <summary>A new stream over the bytes from the start. Read failures (including a verification at the end) fail the put.</summary>
    public abstract Stream Open();

    public static UploadSource FromBytes(ReadOnlyMemory<byte> bytes) => new BytesSource(bytes);

    /// <summary>A source whose streams come from the factory, e.g. a file wrapped in a checking stream.</summary>
    public static UploadSource FromStream(long length, Func<Stream> open) => new StreamSource(length, open);


    private sealed class BytesSource(ReadOnlyMemory<byte> bytes) : UploadSource
    {
        public override long Length => bytes.Length;

        public override Stream Open() => new ReadOnlyMemoryStream(bytes);
    }

    private sealed class StreamSource(long length, Func<Stream> open) : UploadSource
    {
        public override long Length => length;

        public override Stream Open() => open();
    }
}
