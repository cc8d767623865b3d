namespace Amphora.Core.SSTables.Verification;

/// <summary>Checks Data.db piece by piece as it streams past: per compressed chunk, or per CRC.db slice.</summary>
public interface IChunkChecker
{
    /// <summary>The next bytes of Data.db, in order.</summary>
    ValueTask ConsumeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Data.db has ended after <paramref name="length"/> bytes.</summary>
    void Finish(long length);
}
