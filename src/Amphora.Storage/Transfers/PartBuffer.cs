namespace Amphora.Storage.Transfers;

/// <summary>Memory for one part, counted against a <see cref="TransferMemory"/> budget until disposed.</summary>
public sealed class PartBuffer(byte[] array, int capacity, Action release) : IDisposable
{
    private int _released;

    public byte[] Array { get; } = array;

    public int Capacity { get; } = capacity;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
