using Amphora.Core.Backup;
using System.Security.Cryptography;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Storage;
using Amphora.Storage.Local;

namespace Amphora.Core.Restore;

/// <summary>
/// Streams backed-up files into their staging paths, checking each one's SHA-256 before it takes its final name, so a staged
/// file is always a verified one. Resumable: a file already staged is re-hashed locally and kept when it matches, and a
/// <c>.partial</c> left by a killed run is continued from where it stopped (its bytes re-hashed, the rest fetched by range).
/// </summary>
public sealed class StagedDownloader(BackupRepository repository, IRestoreProgress progress, int parallelism)
{
    public const string PartialSuffix = ".partial";
    private const int BufferSize = 1 << 20;

    /// <summary>Bytes of the files already staged (by size; their hashes are checked when they are reached).</summary>
    public static long AlreadyStagedBytes(IEnumerable<RestoreFile> files) =>
        files.Where(f => File.Exists(f.StagingPath) && new FileInfo(f.StagingPath).Length == f.Size).Sum(f => f.Size);

    /// <summary>Stages every file of the plan, saying so to the progress first; what every staged restore mode starts with.</summary>
    public Task<StagedDownloadResult> StageAsync(RestorePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var files = plan.Files.ToList();
        progress.Stage($"Staging {files.Count} file(s) in {string.Join(", ", plan.StagingRoots)}");
        progress.Planned(files.Count, plan.Bytes, plan.AlreadyStagedBytes);
        return StageAsync(files, cancellationToken);
    }

    /// <summary>Removes the plan's staging directories once everything in them has been placed or loaded.</summary>
    public static void DeleteStaging(RestorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var root in plan.StagingRoots.Where(Directory.Exists))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public async Task<StagedDownloadResult> StageAsync(IReadOnlyList<RestoreFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var downloaded = 0;
        var reused = 0;
        long downloadedBytes = 0;
        long reusedBytes = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        // Biggest first: the long downloads start early and the small ones fill the gaps at the end.
        await Parallel.ForEachAsync(files.OrderByDescending(f => f.Size), options, async (file, token) =>
        {
            var fetched = await StageOneAsync(file, token).ConfigureAwait(false);
            if (fetched is null)
            {
                Interlocked.Increment(ref reused);
                Interlocked.Add(ref reusedBytes, file.Size);
            }
            else
            {
                Interlocked.Increment(ref downloaded);
                Interlocked.Add(ref downloadedBytes, fetched.Value);
            }

            progress.FileStaged(file.StagingPath, file.Size, fetched is not null);
        }).ConfigureAwait(false);

        // One flush per filesystem, not one fsync per file (a node has thousands): nothing is placed before it, and a staged
        // file a crash tore is found by its hash check when the restore runs again.
        foreach (var directory in files.Select(f => Path.GetDirectoryName(f.StagingPath)!).Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            DirectorySync.FlushFileSystem(directory);
        }

        return new StagedDownloadResult(downloaded, downloadedBytes, reused, reusedBytes);
    }

    /// <summary>Stages one file; returns the bytes fetched from the location, or null when an earlier run's copy was good.</summary>
    private async Task<long?> StageOneAsync(RestoreFile file, CancellationToken cancellationToken)
    {
        var expected = ContentHash.Parse(file.Entry.Hash);
        if (File.Exists(file.StagingPath))
        {
            if (await FileHasher.MatchesAsync(file.StagingPath, file.Size, expected, progress.Transferred, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            File.Delete(file.StagingPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file.StagingPath)!);
        var partial = file.StagingPath + PartialSuffix;
        var resumedFrom = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        var fetched = await DownloadAsync(file, partial, resumedFrom, expected, cancellationToken).ConfigureAwait(false);
        if (fetched is null && resumedFrom > 0)
        {
            // The partial bytes were not the object's: start the file over once.
            fetched = await DownloadAsync(file, partial, 0, expected, cancellationToken).ConfigureAwait(false);
        }

        if (fetched is null)
        {
            throw new IOException(
                $"{RepositoryKeys.Content(file.Entry.Hash)} in {repository.Location} does not hold the bytes the manifest records for " +
                $"{file.Entry.Path} ({file.Size} bytes, SHA-256 {expected.Hex}): the backup is damaged (run 'amphora verify --full'). Nothing was placed.");
        }

        File.Move(partial, file.StagingPath, overwrite: true);
        return fetched;
    }

    /// <summary>
    /// Fetches the object from <paramref name="offset"/> into the partial file (the bytes before it are re-hashed from disk);
    /// returns the bytes fetched when the whole file then matches the hash and size, null (partial file removed) when not.
    /// </summary>
    private async Task<long?> DownloadAsync(RestoreFile file, string partial, long offset, ContentHash expected, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (offset > 0)
        {
            // The partial file is exactly the bytes an earlier run fetched: hash them to continue the file's hash.
            var earlier = OpenForReading(partial);
            await using (earlier.ConfigureAwait(false))
            {
                await AppendAsync(earlier, hash, destination: null, cancellationToken).ConfigureAwait(false);
            }
        }

        long fetched = 0;
        var output = new FileStream(partial, new FileStreamOptions
        {
            Mode = offset > 0 ? FileMode.Append : FileMode.Create,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
            BufferSize = 0,
        });
        await using (output.ConfigureAwait(false))
        {
            if (offset < file.Size || file.Size == 0)
            {
                var source = await repository.Store.OpenReadAsync(RepositoryKeys.Content(file.Entry.Hash), new ByteRange(offset), cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    fetched = await AppendAsync(source, hash, output, cancellationToken).ConfigureAwait(false);
                }
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (output.Length == file.Size && ContentHash.FromBytes(hash.GetCurrentHash()) == expected)
            {
                return fetched;
            }
        }

        File.Delete(partial);
        return null;
    }

    /// <summary>Copies the stream into the hash (and the destination, when given), reporting progress; returns the bytes copied.</summary>
    private async Task<long> AppendAsync(Stream source, IncrementalHash hash, Stream? destination, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (destination is not null)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                total += read;
                progress.Transferred(read);
            }

            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileStream OpenForReading(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan, BufferSize = 0 });
}
