using System.Buffers;

namespace Amphora.Storage.Transfers;

/// <summary>
/// A budget of bytes that part buffers may hold at once, shared by every transfer of a process: memory stays bounded by the
/// budget whatever the file sizes and however many transfers run in parallel.
/// </summary>
public sealed class TransferMemory : IDisposable
{
    private readonly SemaphoreSlim _mebibytes;
    private readonly SemaphoreSlim _gate = new(1);
    private readonly int _units;

    public TransferMemory(long budgetBytes)
    {
        _units = (int)Math.Clamp(budgetBytes / PartLayout.MiB, 1, int.MaxValue);
        _mebibytes = new SemaphoreSlim(_units);
    }

    /// <summary>128 MiB: four files of four parallel 8 MiB parts (the defaults), or two parallel 64 MiB parts.</summary>
    public static TransferMemory Shared { get; } = new(128L * PartLayout.MiB);

    public void Dispose()
    {
        _mebibytes.Dispose();
        _gate.Dispose();
    }

    /// <summary>Waits until the budget has room for a buffer of the given size, then hands it out.</summary>
    public async Task<PartBuffer> RentAsync(int bytes, CancellationToken cancellationToken)
    {
        // A part bigger than the whole budget takes the whole budget rather than waiting forever.
        var units = Math.Min(_units, Math.Max(1, (int)(((long)bytes + PartLayout.MiB - 1) / PartLayout.MiB)));
        var taken = 0;
        // One renter gathers units at a time, so two renters can never each hold half of what both need.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (; taken < units; taken++)
            {
                await _mebibytes.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            if (taken > 0)
            {
                _mebibytes.Release(taken);
            }

            throw;
        }
        finally
        {
            _gate.Release();
        }

        var array = ArrayPool<byte>.Shared.Rent(bytes);
        return new PartBuffer(array, bytes, () =>
        {
            ArrayPool<byte>.Shared.Return(array);
            _mebibytes.Release(units);
        });
    }
}
