using System.Collections.Concurrent;
using Amphora.Core.Catalog;
using Amphora.Core.IO;
using Amphora.Core.Repository;
using Amphora.Core.SSTables;
using Amphora.Core.SSTables.Verification;
using Amphora.Storage;

namespace Amphora.Core.Verification;

/// <summary>
/// Proves a backup restorable without restoring it: every object its manifests reference exists with the recorded size;
/// with <see cref="VerifyOptions.Full"/> every object's bytes hash to its name; with <see cref="VerifyOptions.SSTables"/>
/// every SSTable passes the offline checks Cassandra would run. An object read for the SSTable checks is hashed on the
/// same pass, so a full check with SSTables reads each object once.
/// </summary>
public sealed class BackupVerifier(BackupRepository repository, Action<string> stage)
{
    public async Task<BackupVerificationReport> VerifyAsync(BackupSummary backup, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Parallelism < 1)
        {
            throw new ArgumentException($"--parallel {options.Parallelism}: check at least 1 object at a time.");
        }

        var parts = backup.Nodes.Where(n => options.HostId is null || n.HostId == options.HostId).ToList();
        if (parts.Count == 0)
        {
            throw new ArgumentException($"backup {backup.Tag} has no part from node {options.HostId}; its nodes are {string.Join(", ", backup.Nodes.Select(n => n.HostId))}.");
        }

        var nodes = new List<NodeVerification>();
        foreach (var part in parts)
        {
            nodes.Add(await VerifyNodeAsync(part, options, cancellationToken).ConfigureAwait(false));
        }

        return new BackupVerificationReport(backup.Cluster, backup.Tag, parts.All(p => p.IsComplete), options.CheckNames, nodes);
    }

    private async Task<NodeVerification> VerifyNodeAsync(NodeBackupSummary part, VerifyOptions options, CancellationToken cancellationToken)
    {
        var manifest = await repository.ReadManifestAsync(part.Cluster, part.Tag, part.HostId, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return new NodeVerification(part.HostId, null, null,
                [new VerificationProblem(RepositoryKeys.ManifestName, VerificationProblem.Incomplete,
                    $"node {part.HostId} has no manifest: its backup started {part.StartedAt:u} and never finished. Take a new backup; purge removes this one.")],
                []);
        }

        var nodeProblems = new List<VerificationProblem>();
        if (!part.IsComplete)
        {
            nodeProblems.Add(new VerificationProblem(RepositoryKeys.ManifestName, VerificationProblem.Incomplete,
                $"node {part.HostId} has a manifest but no completion marker: the backup stopped before it was marked complete. Do not rely on it."));
        }

        stage($"Node {part.HostId}: checking that {manifest.Files.Select(f => f.Hash).Distinct(StringComparer.Ordinal).Count()} content objects exist with their sizes");
        var objects = await StatAllAsync(manifest, options.Parallelism, cancellationToken).ConfigureAwait(false);
        var hashes = new ConcurrentDictionary<string, ObjectCheck>(StringComparer.Ordinal);
        var sstables = new ConcurrentDictionary<(TableEntry Table, string Prefix), SSTableVerification>();
        if (options.SSTables)
        {
            var groups = manifest.Tables.SelectMany(t => SSTablesOf(t).Select(s => (Table: t, Prefix: s.Prefix, Files: s.Files))).ToList();
            stage($"Node {part.HostId}: checking {groups.Count} SSTables offline");
            await Parallel.ForEachAsync(groups, Parallelism(options, cancellationToken), async (group, token) =>
            {
                var files = SSTableFilesOf(group.Prefix, group.Files, objects, options.Full ? hashes : null);
                sstables[(group.Table, group.Prefix)] = await SSTableVerifier.VerifyAsync(files, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        if (options.Full)
        {
            var unread = objects.Where(o => o.Value.Problem is null && !hashes.ContainsKey(o.Key)).Select(o => o.Key).ToList();
            stage($"Node {part.HostId}: hashing {unread.Count} content objects{(options.SSTables ? " not already read by the SSTable checks" : string.Empty)}");
            await Parallel.ForEachAsync(unread, Parallelism(options, cancellationToken), async (hash, token) =>
                hashes[hash] = await HashAsync(hash, objects[hash].Size, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        var tables = manifest.Tables.Select(t => new TableVerification(
            t.Keyspace,
            t.Table,
            t.Files.Count,
            t.Files.Sum(f => f.Size),
            [.. t.Files.SelectMany(f => FileProblems(f, objects, hashes))],
            [.. sstables.Where(s => s.Key.Table == t).OrderBy(s => s.Key.Prefix, StringComparer.Ordinal).Select(s => s.Value)])).ToList();
        return new NodeVerification(part.HostId, manifest.Node.Datacenter, manifest.Node.Rack, nodeProblems, tables);
    }

    private static IEnumerable<VerificationProblem> FileProblems(FileEntry file, IReadOnlyDictionary<string, ObjectCheck> objects, ConcurrentDictionary<string, ObjectCheck> hashes)
    {
        var check = objects[file.Hash];
        if (check.Problem is null && hashes.TryGetValue(file.Hash, out var hashed))
        {
            check = hashed;
        }

        return check.Problem is { } problem ? [problem with { File = file.Path }] : [];
    }

    /// <summary>One stat per distinct content object; the manifest's size for it is what it must have.</summary>
    private async Task<IReadOnlyDictionary<string, ObjectCheck>> StatAllAsync(NodeManifest manifest, int parallelism, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<string, ObjectCheck>(StringComparer.Ordinal);
        var distinct = manifest.Files.DistinctBy(f => f.Hash).ToList();
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var key = RepositoryKeys.Content(file.Hash);
            try
            {
                var info = await repository.Store.StatAsync(key, token).ConfigureAwait(false);
                results[file.Hash] = info switch
                {
                    null => new ObjectCheck(file.Size, new VerificationProblem(file.Path, VerificationProblem.Missing, $"{key} is not in {repository.Location}.")),
                    _ when info.Size != file.Size => new ObjectCheck(file.Size, new VerificationProblem(file.Path, VerificationProblem.Size,
                        $"{key} is {info.Size} bytes, but the manifest records {file.Size}.")),
                    _ => new ObjectCheck(file.Size, null),
                };
            }
            catch (StorageException e)
            {
                results[file.Hash] = new ObjectCheck(file.Size, new VerificationProblem(file.Path, VerificationProblem.Unreadable, $"{key}: {e.Message}"));
            }
        }).ConfigureAwait(false);
        return results;
    }

    private async Task<ObjectCheck> HashAsync(string hash, long size, CancellationToken cancellationToken)
    {
        var key = RepositoryKeys.Content(hash);
        try
        {
            var stream = await repository.Store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
            var (actual, length) = await HashingReadStream.HashAsync(stream, null, cancellationToken).ConfigureAwait(false);
            return Judge(key, hash, size, actual, length);
        }
        catch (StorageException e)
        {
            return new ObjectCheck(size, new VerificationProblem(key, VerificationProblem.Unreadable, $"{key}: {e.Message}"));
        }
    }

    private static ObjectCheck Judge(string key, string hash, long size, ContentHash actual, long length) =>
        length != size
            ? new ObjectCheck(size, new VerificationProblem(key, VerificationProblem.Size, $"{key} gave {length} bytes when read, but the manifest records {size}."))
            : actual.Hex != hash
                ? new ObjectCheck(size, new VerificationProblem(key, VerificationProblem.ContentHash, $"{key} holds bytes whose SHA-256 is {actual.Hex}: the object is corrupt."))
                : new ObjectCheck(size, null);

    /// <summary>
    /// The SSTable's components as object-store sources. Missing objects are left out (the verifier names them); with
    /// <paramref name="hashes"/>, each object read to its end is also judged against its name.
    /// </summary>
    private SSTableFiles SSTableFilesOf(string prefix, IReadOnlyList<FileEntry> files, IReadOnlyDictionary<string, ObjectCheck> objects, ConcurrentDictionary<string, ObjectCheck>? hashes)
    {
        var components = new Dictionary<string, SSTableComponentSource>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => objects[f.Hash].Problem is null))
        {
            var (hash, size) = (file.Hash, file.Size);
            var key = RepositoryKeys.Content(hash);
            components[file.SSTable!.Component] = new SSTableComponentSource(size, async token =>
            {
                var stream = await repository.Store.OpenReadAsync(key, token).ConfigureAwait(false);
                return hashes is null ? stream : new HashingReadStream(stream, ended: read => hashes.TryAdd(hash, Judge(key, hash, size, read.Hash!.Value, read.BytesRead)));
            });
        }

        return new SSTableFiles(prefix, SSTableFileName.Parse(Path.GetFileName(prefix) + files[0].SSTable!.Component), components);
    }

    /// <summary>The SSTables of a table: its SSTable files grouped by prefix.</summary>
    private static IEnumerable<(string Prefix, IReadOnlyList<FileEntry> Files)> SSTablesOf(TableEntry table) =>
        table.Files.Where(f => f.SSTable is not null)
            .GroupBy(f => f.Path[..^f.SSTable!.Component.Length], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<FileEntry>)[.. g]));

    private static ParallelOptions Parallelism(VerifyOptions options, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };

    /// <summary>What is known about one content object: its expected size and the problem found, if any.</summary>
    private sealed record ObjectCheck(long Size, VerificationProblem? Problem);
}
