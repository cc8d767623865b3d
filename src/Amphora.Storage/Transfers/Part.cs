namespace Amphora.Storage.Transfers;

/// <summary>One part of an upload, read into memory: its 1-based number, where it starts in the object, and its bytes.</summary>
public sealed record Part(int Number, long Offset, ReadOnlyMemory<byte> Bytes)
{
    public int Size => Bytes.Length;

    /// <summary>A fresh stream over the part's bytes, for SDKs that send streams (and may rewind them to retry).</summary>
    public Stream OpenStream() => new ReadOnlyMemoryStream(Bytes);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "Content-MD5 is the transport checksum S3 and Azure verify; integrity rests on SHA-256.")]
    public byte[] Md5() => System.Security.Cryptography.MD5.HashData(Bytes.Span);
}
