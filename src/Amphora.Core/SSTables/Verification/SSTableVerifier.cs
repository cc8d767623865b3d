using Amphora.Storage;

namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// Checks one SSTable offline, as Cassandra would on load and on read: every component TOC.txt lists is present, the
/// format's mandatory components are present, Statistics.db and CompressionInfo.db (or CRC.db) parse and agree with Data.db,
/// every chunk (or slice) checksum matches, and the whole-file digest matches. Data.db is read once; nothing is decompressed.
/// </summary>
public static class SSTableVerifier
{
    private const string Toc = "TOC.txt";
    private const string Data = "Data.db";
    private const string Statistics = "Statistics.db";
    private const string CompressionInfoComponent = "CompressionInfo.db";
    private const string Crc = "CRC.db";

    public static async Task<SSTableVerification> VerifyAsync(SSTableFiles files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var version = SSTableVersion.Of(files.Name);
        var problems = new ProblemList();
        var present = files.Components;
        if (!version.IsKnown)
        {
            problems.Add(files.FileName(Data), SSTableChecks.Version,
                $"SSTable version '{version.Version}' ({version.Format}) is unknown to this Amphora; its layout-dependent checks cannot run. Upgrade Amphora.");
        }

        var toc = await ReadTocAsync(files, problems, cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<string>(toc ?? [], StringComparer.Ordinal);
        foreach (var missing in (toc ?? []).Concat(version.MandatoryComponents).Append(Toc).Distinct(StringComparer.Ordinal).Where(c => !present.ContainsKey(c)))
        {
            problems.Add(files.FileName(missing), SSTableChecks.ComponentMissing, listed.Contains(missing)
                ? $"TOC.txt lists {missing}, but the file is missing."
                : $"{missing} is missing; an SSTable of format {version.Format} version {version.Version} cannot be opened without it.");
        }

        var digest = await ReadDigestAsync(files, version, problems, cancellationToken).ConfigureAwait(false);
        var statistics = await ReadStatisticsAsync(files, version, problems, cancellationToken).ConfigureAwait(false);
        var details = new SSTableDetails
        {
            Version = version.Version,
            Format = version.Format,
            Id = files.Name.Id,
            IdTime = files.Name.IdTimestamp,
            Components = present.ToDictionary(c => c.Key, c => c.Value.Size, StringComparer.Ordinal),
            TocComponents = toc,
            Statistics = statistics,
            Digest = digest?.Digest.ToString(),
        };

        if (present.TryGetValue(Data, out var data))
        {
            details = await CheckDataAsync(files, version, data, digest, details, problems, cancellationToken).ConfigureAwait(false);
        }

        return new SSTableVerification(files.Prefix, details, problems.ToList());
    }

    private static async Task<SSTableDetails> CheckDataAsync(
        SSTableFiles files, SSTableVersion version, SSTableComponentSource data, ExpectedDigest? digest, SSTableDetails details, ProblemList problems,
        CancellationToken cancellationToken)
    {
        var dataName = files.FileName(Data);
        var opened = new List<Stream>();
        try
        {
            IChunkChecker? chunks = null;
            if (files.Components.TryGetValue(CompressionInfoComponent, out var compression))
            {
                var name = files.FileName(CompressionInfoComponent);
                var stream = await OpenAsync(compression, name, opened, problems, cancellationToken).ConfigureAwait(false);
                if (stream is not null)
                {
                    try
                    {
                        var (info, offsets) = await CompressionInfo.ReadAsync(stream, compression.Size, version, cancellationToken).ConfigureAwait(false);
                        details = details with { Compression = info };
                        chunks = new CompressedChunkChecker(info, offsets, data.Size, version.ChunkChecksum, dataName, problems);
                    }
                    catch (SSTableFormatException e)
                    {
                        problems.Add(name, SSTableChecks.CompressionInfo, e.Message);
                    }
                }
            }
            else if (files.Components.TryGetValue(Crc, out var crc))
            {
                var name = files.FileName(Crc);
                var stream = await OpenAsync(crc, name, opened, problems, cancellationToken).ConfigureAwait(false);
                if (stream is not null)
                {
                    try
                    {
                        var (sliceSize, sliceCount, checksums) = await CrcFile.ReadAsync(stream, crc.Size, cancellationToken).ConfigureAwait(false);
                        details = details with { CrcSliceSize = sliceSize };
                        chunks = new CrcSliceChecker(sliceSize, sliceCount, checksums, data.Size, version.CrcFileChecksum, dataName, name, problems);
                    }
                    catch (SSTableFormatException e)
                    {
                        problems.Add(name, SSTableChecks.Crc, e.Message);
                    }
                }
            }
            else if (version.IsKnown && version.Version != "jb")
            {
                problems.Add(dataName, SSTableChecks.ComponentMissing,
                    "neither CompressionInfo.db nor CRC.db is present, so no chunk of Data.db can be checked; Cassandra writes one of them for every SSTable.");
            }

            var dataStream = await OpenAsync(data, dataName, opened, problems, cancellationToken).ConfigureAwait(false);
            if (dataStream is not null)
            {
                await DataFileChecker.CheckAsync(dataStream, data.Size, dataName, version, digest, chunks, problems, cancellationToken).ConfigureAwait(false);
            }

            // Read the chunk index to its end too, so a stream that hashes what passes through sees the whole object.
            foreach (var index in opened.Where(s => s != dataStream))
            {
                await index.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            return details;
        }
        catch (Exception e) when (e is IOException or StorageException)
        {
            problems.Add(dataName, SSTableChecks.Unreadable, $"reading failed: {e.Message}");
            return details;
        }
        finally
        {
            foreach (var stream in opened)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlyList<string>?> ReadTocAsync(SSTableFiles files, ProblemList problems, CancellationToken cancellationToken)
    {
        var bytes = await ReadSmallAsync(files, Toc, TocFile.MaxLength, problems, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return TocFile.Parse(bytes);
        }
        catch (SSTableFormatException e)
        {
            problems.Add(files.FileName(Toc), SSTableChecks.Toc, e.Message);
            return null;
        }
    }

    private static async Task<ExpectedDigest?> ReadDigestAsync(SSTableFiles files, SSTableVersion version, ProblemList problems, CancellationToken cancellationToken)
    {
        var component = version.DigestComponent;
        if (!files.Components.ContainsKey(component))
        {
            if (files.Components.Keys.FirstOrDefault(c => c.StartsWith("Digest.", StringComparison.Ordinal)) is { } other)
            {
                problems.Add(files.FileName(other), SSTableChecks.Digest, $"version {version.Version} keeps its digest in {component}, not {other}.");
            }

            return null;
        }

        var bytes = await ReadSmallAsync(files, component, DigestFile.MaxLength, problems, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return new ExpectedDigest(files.FileName(component), DigestFile.Parse(bytes, version.DigestIsSha1));
        }
        catch (SSTableFormatException e)
        {
            problems.Add(files.FileName(component), SSTableChecks.Digest, e.Message);
            return null;
        }
    }

    private static async Task<SSTableStatistics?> ReadStatisticsAsync(SSTableFiles files, SSTableVersion version, ProblemList problems, CancellationToken cancellationToken)
    {
        var bytes = await ReadSmallAsync(files, Statistics, SSTableStatistics.MaxLength, problems, cancellationToken).ConfigureAwait(false);
        if (bytes is null || !version.IsKnown)
        {
            return null;
        }

        try
        {
            return SSTableStatistics.Parse(bytes, version);
        }
        catch (SSTableFormatException e)
        {
            problems.Add(files.FileName(Statistics), SSTableChecks.Statistics, e.Message);
            return null;
        }
    }

    /// <summary>A small component's bytes, or null (with a problem recorded) when it is absent, too large, truncated or unreadable.</summary>
    private static async Task<byte[]?> ReadSmallAsync(SSTableFiles files, string component, int maxLength, ProblemList problems, CancellationToken cancellationToken)
    {
        if (!files.Components.TryGetValue(component, out var source))
        {
            return null;
        }

        var name = files.FileName(component);
        if (source.Size > maxLength)
        {
            problems.Add(name, SSTableChecks.Size, $"{component} is {source.Size} bytes, more than such a component can be ({maxLength}).");
            return null;
        }

        try
        {
            var stream = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var bytes = new byte[source.Size];
                var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                var extra = read == bytes.Length ? await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) : 0;
                if (read != bytes.Length || extra != 0)
                {
                    problems.Add(name, SSTableChecks.Size, $"{component} holds {(extra != 0 ? "more than " : string.Empty)}{read} bytes, but {source.Size} were recorded.");
                    return null;
                }

                return bytes;
            }
        }
        catch (Exception e) when (e is IOException or StorageException or UnauthorizedAccessException)
        {
            problems.Add(name, SSTableChecks.Unreadable, $"reading failed: {e.Message}");
            return null;
        }
    }

    private static async Task<Stream?> OpenAsync(SSTableComponentSource source, string name, List<Stream> opened, ProblemList problems, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            opened.Add(stream);
            return stream;
        }
        catch (Exception e) when (e is IOException or StorageException or UnauthorizedAccessException)
        {
            problems.Add(name, SSTableChecks.Unreadable, $"cannot open: {e.Message}");
            return null;
        }
    }
}
