namespace Amphora.Storage.Transfers;

/// <summary>What a store actually sent and received, for progress, metrics and tests (resumed parts are not sent).</summary>
public sealed class TransferStatistics
{
    private long _bytesSent;
    private long _bytesReceived;
    private long _partsSent;
    private long _partsResumed;

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long PartsSent => Interlocked.Read(ref _partsSent);

    /// <summary>Parts an earlier, interrupted upload had stored and this one did not send again.</summary>
    public long PartsResumed => Interlocked.Read(ref _partsResumed);

    public void Sent(long bytes)
    {
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Increment(ref _partsSent);
    }

    public void Resumed() => Interlocked.Increment(ref _partsResumed);

    public void Received(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);
}
