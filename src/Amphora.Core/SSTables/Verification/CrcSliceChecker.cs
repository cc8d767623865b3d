using System.Globalization;
using Amphora.Core.Checksums;

namespace Amphora.Core.SSTables.Verification;

/// <summary>Checks an uncompressed Data.db against CRC.db: one checksum per slice of <c>sliceSize</c> bytes, the last may be short.</summary>
public sealed class CrcSliceChecker(
    int sliceSize, long sliceCount, BigEndianReader checksums, long dataLength, ChecksumKind checksumKind, string dataComponent, string crcComponent, ProblemList problems)
    : IChunkChecker
{
    private readonly IRunningChecksum _checksum = checksumKind.Create();
    private readonly long _expectedSlices = (dataLength + sliceSize - 1) / sliceSize;
    private long _slice;
    private long _position;
    private bool _countChecked;

    public async ValueTask ConsumeAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        CheckCount();
        while (!bytes.IsEmpty)
        {
            var sliceEnd = Math.Min((_slice + 1) * sliceSize, dataLength);
            var take = (int)Math.Min(bytes.Length, Math.Max(sliceEnd - _position, 0));
            if (take == 0)
            {
                // More bytes than the recorded length: the size check reports it.
                return;
            }

            _checksum.Append(bytes.Span[..take]);
            _position += take;
            bytes = bytes[take..];
            if (_position == sliceEnd)
            {
                await CheckSliceAsync(sliceEnd, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Finish(long length)
    {
        CheckCount();
        if (length < dataLength)
        {
            problems.Add(dataComponent, SSTableChecks.Crc, string.Create(CultureInfo.InvariantCulture,
                $"Data.db ends at byte {length}, inside slice {_slice}; {_expectedSlices} slices of {sliceSize} bytes were expected."));
        }
    }

    private async ValueTask CheckSliceAsync(long sliceEnd, CancellationToken cancellationToken)
    {
        if (_slice < sliceCount)
        {
            var stored = (uint)await checksums.ReadInt32Async(cancellationToken).ConfigureAwait(false);
            if (stored != _checksum.Value)
            {
                problems.Add(dataComponent, SSTableChecks.Crc, string.Create(CultureInfo.InvariantCulture,
                    $"slice {_slice} (bytes {_slice * sliceSize}..{sliceEnd}) has {checksumKind} {_checksum.Value:x8}, but CRC.db says {stored:x8}."));
            }
        }

        _checksum.Reset();
        _slice++;
    }

    private void CheckCount()
    {
        if (!_countChecked && sliceCount != _expectedSlices)
        {
            problems.Add(crcComponent, SSTableChecks.Crc, string.Create(CultureInfo.InvariantCulture,
                $"CRC.db holds {sliceCount} checksums, but Data.db's {dataLength} bytes make {_expectedSlices} slices of {sliceSize} bytes."));
        }

        _countChecked = true;
    }
}
