using System.Text;
using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// What must hold for every input, valid or not, per parser: the bounded-run promises (<see cref="BoundedRun"/>) and, where
/// the parser accepts the input, that what it returns is usable (offsets readable, names exact). The fuzz tests and the
/// regression cases both call these; each returns the <see cref="Outcome"/> and throws <see cref="FuzzPropertyException"/>
/// on a broken promise.
/// </summary>
public static class ParserProperties
{
    public static string FileName(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = Encoding.UTF8.GetString(bytes);
        var accepted = false;
        BoundedRun.MustNotThrow(bytes.Length, BoundedRun.ParserAllocationAllowance, _ =>
        {
            accepted = SSTableFileName.TryParse(text, out var name);
            var parsed = Parses(text);
            if (accepted != parsed)
            {
                throw new FuzzPropertyException($"TryParse says {accepted} but Parse {(parsed ? "accepts" : "refuses")} '{Printable.Escape(text)}'.");
            }

            if (name is not null)
            {
                CheckAccepted(text, name);
            }

            return Task.CompletedTask;
        });
        return accepted ? Outcome.Accepted : "refused";
    }

    public static string Toc(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Outcome.Of(BoundedRun.Parser(bytes.Length, _ =>
        {
            var names = TocFile.Parse(bytes);
            if (names.Count == 0 || names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            {
                throw new FuzzPropertyException($"TOC.txt parsed to an empty or repeating list: {string.Join(", ", names)}.");
            }

            // The names become file names next to the SSTable: no paths, no control characters, no empty parts.
            if (names.FirstOrDefault(n => n.Length == 0 || Path.GetFileName(n) != n || n.Any(char.IsControl) || n is "." or "..") is { } bad)
            {
                throw new FuzzPropertyException($"TOC.txt accepted '{bad}', which is not a bare component file name.");
            }

            return Task.CompletedTask;
        }));
    }

    /// <summary>Read both ways: as a decimal checksum (ka and later) and as jb's sha1sum line.</summary>
    public static string Digest(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var outcomes = new List<string>();
        foreach (var sha1 in new[] { false, true })
        {
            outcomes.Add((sha1 ? "SHA-1 " : "checksum ") + Outcome.Of(BoundedRun.Parser(bytes.Length, _ =>
            {
                var digest = DigestFile.Parse(bytes, sha1);
                if ((digest.Checksum is null) == (digest.Sha1Hex is null))
                {
                    throw new FuzzPropertyException($"the digest holds both or neither of a checksum and a SHA-1: {digest}.");
                }

                return Task.CompletedTask;
            })));
        }

        return string.Join("; ", outcomes);
    }

    public static string CompressionInfo(byte[] bytes, SSTableVersion version)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Outcome.Of(BoundedRun.Parser(bytes.Length, async cancellationToken =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var (info, offsets) = await Core.SSTables.CompressionInfo.ReadAsync(stream, bytes.Length, version, cancellationToken);

            // An accepted header promises exactly ChunkCount offsets after it; reading them must not fail at all.
            try
            {
                for (var chunk = 0; chunk < info.ChunkCount; chunk++)
                {
                    await offsets.ReadInt64Async(cancellationToken);
                }
            }
            catch (SSTableFormatException e)
            {
                throw new FuzzPropertyException($"the header was accepted with {info.ChunkCount} chunks, but its offsets cannot be read: {e.Message}", e);
            }

            if (offsets.Remaining != 0)
            {
                throw new FuzzPropertyException($"{offsets.Remaining} bytes are left after the {info.ChunkCount} chunk offsets.");
            }
        }));
    }

    public static string Crc(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Outcome.Of(BoundedRun.Parser(bytes.Length, async cancellationToken =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var (sliceSize, sliceCount, checksums) = await CrcFile.ReadAsync(stream, bytes.Length, cancellationToken);
            if (sliceSize <= 0 || sliceCount < 0)
            {
                throw new FuzzPropertyException($"CRC.db was accepted with slice size {sliceSize} and {sliceCount} slices.");
            }

            try
            {
                for (var slice = 0L; slice < sliceCount; slice++)
                {
                    await checksums.ReadInt32Async(cancellationToken);
                }
            }
            catch (SSTableFormatException e)
            {
                throw new FuzzPropertyException($"the header was accepted with {sliceCount} slices, but their checksums cannot be read: {e.Message}", e);
            }
        }));
    }

    public static string Statistics(byte[] bytes, SSTableVersion version)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Outcome.Of(BoundedRun.Parser(bytes.Length, _ =>
        {
            SSTableStatistics.Parse(bytes, version);
            return Task.CompletedTask;
        }));
    }

    private static bool Parses(string text)
    {
        try
        {
            SSTableFileName.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>An accepted name is exactly its prefix and component, and everything derived from it can be computed.</summary>
    private static void CheckAccepted(string text, SSTableFileName name)
    {
        if (name.Prefix + name.Component != text)
        {
            throw new FuzzPropertyException($"'{Printable.Escape(text)}' was accepted as prefix '{Printable.Escape(name.Prefix)}' and component '{Printable.Escape(name.Component)}', which do not spell it.");
        }

        if (name.Version.Length != 2 || name.Id.Length == 0 || name.Format is not ("big" or "bti") || name.Component.Length == 0)
        {
            throw new FuzzPropertyException($"'{Printable.Escape(text)}' was accepted with version '{name.Version}', id '{name.Id}', format '{name.Format}'.");
        }

        if (name.IsUuidId ? name.IdTimestamp is null || name.SequenceNumber is not null : name.IdTimestamp is not null || name.SequenceNumber is null)
        {
            throw new FuzzPropertyException($"'{Printable.Escape(text)}' has id '{name.Id}' but timestamp {name.IdTimestamp} and sequence number {name.SequenceNumber}.");
        }

        var version = SSTableVersion.Of(name);
        _ = (version.IsKnown, version.DigestComponent, version.DigestChecksum, version.ChunkChecksum, version.LocalDeletionTimes, version.MandatoryComponents);
    }
}
