using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.Local;

/// <summary>
/// A location on a local disk or NFS mount: one file per object. Writes go to a temporary file in <c>.amphora-tmp/</c>
/// (same filesystem), are fsynced, then renamed into place and the directory fsynced, so an object is whole and durable
/// or absent, even across a crash. The same temporary file, named by a stage id instead of a key, is a staged object; its
/// publication skips the directory fsync, left to one syncfs in <see cref="FlushPublishedAsync"/>.
/// </summary>
public sealed class LocalObjectStore : IObjectStore, IContentStagingStore
{
    private const string TemporaryDirectoryName = ".amphora-tmp";
    private const int CopyBufferSize = 1 << 20;
    private const int NoSpaceLeftOnDevice = 28;
    private const string PartialSuffix = ".partial";
    private readonly string _root;
    private readonly string _temporaryDirectory;

    public LocalObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        _temporaryDirectory = Path.Combine(_root, TemporaryDirectoryName);
        Location = "file:" + _root;
    }

    public string Location { get; }

    public TransferStatistics Statistics { get; } = new();

    public async Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        var whole = await WriteTemporaryAsync(key, PartialNameOf(key), content, cancellationToken).ConfigureAwait(false);
        try
        {
            Guard(key, "store", () => RenameIntoPlace(whole, key, overwrite: true));
        }
        catch
        {
            File.Delete(whole);
            throw;
        }

        Guard(key, "store", () => DirectorySync.Flush(Path.GetDirectoryName(PathOf(key))!));
    }

    public async Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        if (File.Exists(PathOf(key)))
        {
            return false;
        }

        var whole = await WriteTemporaryAsync(key, PartialNameOf(key), content, cancellationToken).ConfigureAwait(false);
        var moved = false;
        try
        {
            moved = MoveIfAbsent(whole, key);
            if (moved)
            {
                Guard(key, "store", () => DirectorySync.Flush(Path.GetDirectoryName(PathOf(key))!));
            }

            return moved;
        }
        finally
        {
            if (!moved)
            {
                File.Delete(whole);
            }
        }
    }

    public async Task<StagedObject> StageAsync(string stageId, UploadSource content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stageId);
        // Its own namespace of partial names, so a stage never resumes (or clobbers) a put of a key, nor the reverse.
        var whole = await WriteTemporaryAsync($"staged object {stageId}", PartialNameOf("stage:" + stageId), content, cancellationToken).ConfigureAwait(false);
        return new LocalStagedObject(this, whole);
    }

    public Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            if (range.IsAll)
            {
                return Task.FromResult<Stream>(file);
            }

            return Task.FromResult<Stream>(new FileRangeStream(file, range));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(Location, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(key, "read", e);
        }
    }

    public Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new ObjectInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Walk only the directory the prefix names (its part up to the last '/'), not the whole location.
        var directoryPart = prefix.Contains('/', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('/')] : string.Empty;
        var start = directoryPart.Length == 0 ? _root : PathOf(directoryPart);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var found = new List<ObjectInfo>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.StartsWith(TemporaryDirectoryName + "/", StringComparison.Ordinal))
            {
                found.Add(new ObjectInfo(key, file.Length, file.LastWriteTimeUtc));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var info in found)
        {
            yield return info;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Guard(key, "delete", () =>
        {
            try
            {
                File.Delete(path);
            }
            catch (DirectoryNotFoundException)
            {
                // Already gone, with its directory.
            }
        });
        RemoveEmptyParents(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    public Task FlushPublishedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Guard("the published objects", "sync", () => DirectorySync.FlushFileSystem(_root));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Renames a whole, fsynced temporary file to the key unless an object has it: true when the key is ours (durable once its
    /// directory is fsynced or the filesystem synced), false when another object had it (the temporary file is then left for
    /// the caller to delete).
    /// </summary>
    internal bool MoveIfAbsent(string temporary, string key)
    {
        try
        {
            // Without overwrite, .NET moves with link(2) + unlink(2) on Linux: atomic, and fails if the name exists.
            RenameIntoPlace(temporary, key, overwrite: false);
        }
        catch (IOException) when (File.Exists(PathOf(key)))
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(key, "store", e);
        }

        return true;
    }

    /// <summary>
    /// Renames the temporary file to the key, creating the key's directory. A delete of the directory's last object removes
    /// the emptied directory (<see cref="RemoveEmptyParents"/>), possibly between the two steps: then they are done again.
    /// </summary>
    private void RenameIntoPlace(string temporary, string key, bool overwrite)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (IOException) when (attempt < 10 && !File.Exists(directory))
            {
                // Removed between .NET's "exists?" and its mkdir: try again.
                continue;
            }

            try
            {
                File.Move(temporary, path, overwrite);
                return;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException && attempt < 10 && File.Exists(temporary))
            {
                // The directory was removed again after it was created: create it once more. (.NET names the missing part
                // after the fact, so a directory re-created by another writer in between makes this a FileNotFoundException.)
            }
        }
    }

    /// <summary>
    /// Writes the source to the partial file <paramref name="partialName"/> in <c>.amphora-tmp/</c>, fsyncs it, and returns
    /// the path of the whole file, renamed to a name only this writer knows: the caller renames it to its key or deletes it.
    /// The partial file stays locked until it has its private name, so a concurrent write of the same key (two nodes
    /// storing the same schema.cql, say) never opens it and loses it to a rename; and the object is unlocked before it gets
    /// its key, since .NET's readers take a shared lock and would fail on it. <paramref name="subject"/> (a key, or a staged
    /// object) is what failures name.
    /// </summary>
    private async Task<string> WriteTemporaryAsync(string subject, string partialName, UploadSource content, CancellationToken cancellationToken)
    {
        Guard(subject, "store", () => Directory.CreateDirectory(_temporaryDirectory));
        var (temporary, output) = OpenPartial(subject, partialName);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        var kept = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var source = content.Open();
            await using (source.ConfigureAwait(false))
            {
                // A write of this key or stage that was interrupted left its bytes here: keep the prefix that matches the
                // source (after a crash the tail may be zeros), write only the rest. Failures reading the source stay the
                // source's; only write failures are the location's.
                var matching = output.Length > 0;
                var written = 0L;
                if (matching)
                {
                    Statistics.Resumed();
                }

                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var skip = 0;
                    if (matching)
                    {
                        var existing = await output.ReadAtLeastAsync(kept.AsMemory(0, read), read, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                        skip = buffer.AsSpan(0, existing).CommonPrefixLength(kept.AsSpan(0, existing));
                        if (skip < read)
                        {
                            matching = false;
                            output.Position -= existing - skip;
                            Guard(subject, "store", () => output.SetLength(output.Position));
                        }
                    }

                    await WriteAsync(subject, output, buffer.AsMemory(skip, read - skip), cancellationToken).ConfigureAwait(false);
                    written += read - skip;
                }

                Statistics.Sent(written);
            }

            if (output.Length != output.Position)
            {
                Guard(subject, "store", () => output.SetLength(output.Position));
            }

            if (output.Length != content.Length)
            {
                throw new IOException($"the upload source for {subject} yielded {output.Length} bytes, not the {content.Length} it declared.");
            }

            Guard(subject, "store", () => output.Flush(flushToDisk: true));

            var whole = temporary.EndsWith(PartialSuffix, StringComparison.Ordinal) ? UnsharedTemporaryPath() : temporary;
            if (whole != temporary)
            {
                Guard(subject, "store", () => File.Move(temporary, whole));
            }

            await output.DisposeAsync().ConfigureAwait(false);
            return whole;
        }
        catch
        {
            await output.DisposeAsync().ConfigureAwait(false);
            if (!temporary.EndsWith(PartialSuffix, StringComparison.Ordinal))
            {
                // Only the per-key (or per-stage) partial file is resumed; a one-off temporary is worth nothing after a failure.
                File.Delete(temporary);
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(kept);
        }
    }

    /// <summary>The partial file's name for a key (or a "stage:" id): one per name, so the next write of it resumes.</summary>
    private static string PartialNameOf(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) + PartialSuffix;

    private (string Path, FileStream Stream) OpenPartial(string subject, string partialName)
    {
        // Locked, so concurrent writes of one key (or stage) never share the partial file.
        var partial = Path.Combine(_temporaryDirectory, partialName);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            FileStream opened;
            try
            {
                opened = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            }
            catch (IOException e) when (e is not FileNotFoundException && e is not DirectoryNotFoundException && e.HResult != NoSpaceLeftOnDevice)
            {
                break; // another write of the name holds it
            }

            // The lock is taken after the open: the writer that held it may have renamed (or deleted) the file in between,
            // and then this lock is on its object, not on a partial file.
            if (StillNamed(opened, partial))
            {
                return (partial, opened);
            }

            opened.Dispose();
        }

        var unshared = UnsharedTemporaryPath();
        return (unshared, Guard(subject, "store", () => new FileStream(unshared, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0)));
    }

    private string UnsharedTemporaryPath() => Path.Combine(_temporaryDirectory, Guid.NewGuid().ToString("N"));

    /// <summary>Whether the open file is still the one at <paramref name="path"/> (Linux: /proc/self/fd names it).</summary>
    private static bool StillNamed(FileStream stream, string path) =>
        new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget == path;

    private async Task WriteAsync(string subject, FileStream output, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(subject, "store", e);
        }
    }

    private void RemoveEmptyParents(string directory)
    {
        // Empty directories would slow every later listing; a writer that loses its directory to this re-creates it.
        while (directory.Length > _root.Length && directory.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private string PathOf(string key)
    {
        ObjectKey.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private void Guard(string key, string operation, Action action) => Guard(key, operation, () =>
    {
        action();
        return true;
    });

    private T Guard<T>(string key, string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(key, operation, e);
        }
    }

    private StorageException Failure(string key, string operation, Exception e)
    {
        var advice = e switch
        {
            IOException { HResult: NoSpaceLeftOnDevice } => "the location is full; free space there or choose another location",
            UnauthorizedAccessException => "permission denied; make the location writable by this user or choose another",
            _ => "check that the location is mounted and writable",
        };
        return new StorageException($"cannot {operation} {key} in {Location}: {e.Message} ({advice})", e);
    }
}
