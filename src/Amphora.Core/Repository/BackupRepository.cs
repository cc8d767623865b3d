using System.Diagnostics.CodeAnalysis;
using Amphora.Storage;

namespace Amphora.Core.Repository;

/// <summary>The repository format (docs/repository-format.md) on top of one location's object store.</summary>
public sealed class BackupRepository
{
    private BackupRepository(IObjectStore store, RepositoryDescriptor descriptor)
    {
        Store = store;
        Descriptor = descriptor;
    }

    public IObjectStore Store { get; }

    public RepositoryDescriptor Descriptor { get; }

    public string Location => Store.Location;

    /// <summary>Opens the repository at the location; with <paramref name="create"/>, makes one in an empty location.</summary>
    public static async Task<BackupRepository> OpenAsync(IObjectStore store, bool create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var descriptor = await RepositoryJson.ReadAsync<RepositoryDescriptor>(store, RepositoryKeys.Descriptor, compressed: false, cancellationToken).ConfigureAwait(false);
        if (descriptor is null)
        {
            if (!create)
            {
                throw new ArgumentException($"{store.Location} holds no Amphora backups (no {RepositoryKeys.Descriptor}); check --location.");
            }

            descriptor = await CreateAsync(store, cancellationToken).ConfigureAwait(false);
        }

        if (descriptor.Format != RepositoryDescriptor.FormatName || descriptor.FormatVersion > RepositoryDescriptor.CurrentVersion)
        {
            throw new InvalidDataException(
                $"{store.Location} holds a repository of format '{descriptor.Format}' version {descriptor.FormatVersion}; this Amphora reads " +
                $"version {RepositoryDescriptor.CurrentVersion}. Upgrade Amphora before using this location.");
        }

        return new BackupRepository(store, descriptor);
    }

    /// <summary>Makes a repository in an empty location; when several nodes' first backups race, one descriptor wins and all use it.</summary>
    private static async Task<RepositoryDescriptor> CreateAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        await foreach (var existing in store.ListAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            // Another node's first backup may have created the repository since the descriptor was read.
            return await RepositoryJson.ReadAsync<RepositoryDescriptor>(store, RepositoryKeys.Descriptor, compressed: false, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException(
                    $"{store.Location} is not empty ({existing.Key} …) and is not an Amphora repository; give an empty or new directory so backups never mix with other files.");
        }

        var created = new RepositoryDescriptor { RepositoryId = Guid.NewGuid(), CreatedAt = DateTimeOffset.UtcNow };
        await RepositoryJson.PutIfAbsentAsync(store, RepositoryKeys.Descriptor, created, cancellationToken).ConfigureAwait(false);
        return await RepositoryJson.ReadAsync<RepositoryDescriptor>(store, RepositoryKeys.Descriptor, compressed: false, cancellationToken).ConfigureAwait(false)
            ?? throw new StorageException($"{store.Location} did not keep {RepositoryKeys.Descriptor}: check that the location is writable.");
    }

    public Task<bool> HasContentAsync(ContentHash hash, long size, CancellationToken cancellationToken) => HoldsContentAsync(Store, hash, size, cancellationToken);

    /// <summary>Whether the location holds the content, with its size: the check a backup makes before uploading, and a dry run before any repository exists.</summary>
    public static async Task<bool> HoldsContentAsync(IObjectStore store, ContentHash hash, long size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.StatAsync(RepositoryKeys.Content(hash), cancellationToken).ConfigureAwait(false) is { } info && info.Size == size;
    }

    public Task PutContentAsync(ContentHash hash, UploadSource content, CancellationToken cancellationToken) =>
        Store.PutAsync(RepositoryKeys.Content(hash), content, cancellationToken);

    /// <summary>
    /// The location's staging capability, when its store has one (a local disk): a backup can then write a file's bytes once,
    /// hashing them on the way, and name the content afterwards with <see cref="PublishContentIfAbsentAsync"/>.
    /// </summary>
    public bool TryGetStaging([NotNullWhen(true)] out IContentStagingStore? staging)
    {
        staging = Store as IContentStagingStore;
        return staging is not null;
    }

    /// <summary>Names staged bytes as the content with this hash unless the location holds an object under its key.</summary>
    public Task<bool> PublishContentIfAbsentAsync(StagedObject staged, ContentHash hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staged);
        return staged.PublishIfAbsentAsync(RepositoryKeys.Content(hash), cancellationToken);
    }

    /// <summary>Every node backup the index knows, complete or not, from one listing of <c>index/</c>.</summary>
    public async Task<IReadOnlyList<NodeBackupSummary>> ListNodeBackupsAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var info in Store.ListAsync(RepositoryKeys.IndexPrefix, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(info.Key);
        }

        return BackupMarker.Summarize(keys);
    }

    /// <summary>
    /// The node backup's manifest, or null when it has none (yet); every manifest anything uses comes through here, checked
    /// by <see cref="ManifestValidator"/>. An unreadable or invalid one throws <see cref="InvalidDataException"/>, so that no
    /// caller goes on as if it referenced nothing: a purge that did would delete content a real backup needs.
    /// </summary>
    public async Task<NodeManifest?> ReadManifestAsync(string cluster, string tag, Guid hostId, CancellationToken cancellationToken)
    {
        var key = RepositoryKeys.Manifest(cluster, tag, hostId);
        NodeManifest? manifest;
        try
        {
            manifest = await RepositoryJson.ReadAsync<NodeManifest>(Store, key, compressed: true, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{e.Message}; {ManifestValidator.Advice}.", e);
        }

        if (manifest is not null)
        {
            ManifestValidator.Validate(manifest, key);
        }

        return manifest;
    }

    /// <summary>
    /// The node backup's manifest as <see cref="ReadManifestAsync(string, string, Guid, CancellationToken)"/> reads it, also
    /// refused unless its kind is the one the part's index markers give.
    /// </summary>
    public async Task<NodeManifest?> ReadManifestAsync(NodeBackupSummary part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        var manifest = await ReadManifestAsync(part.Cluster, part.Tag, part.HostId, cancellationToken).ConfigureAwait(false);
        if (manifest is not null)
        {
            ManifestValidator.ValidateKind(manifest, RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId), part.Kind);
        }

        return manifest;
    }

    /// <summary>The manifest of a part the index marks complete, which must exist: a restore cannot go on without it.</summary>
    public async Task<NodeManifest> ReadCompleteManifestAsync(NodeBackupSummary part, CancellationToken cancellationToken) =>
        await ReadManifestAsync(part, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"node {part.HostId}'s part of backup {part.Tag} is marked complete but has no manifest; run 'amphora backups check'.");

    public Task WriteManifestAsync(NodeManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return RepositoryJson.PutAsync(Store, RepositoryKeys.Manifest(manifest.Node.Cluster, manifest.Tag, manifest.Node.HostId), manifest, compressed: true, cancellationToken);
    }

    public Task WriteMarkerAsync(string key, BackupMarkerBody body, CancellationToken cancellationToken) =>
        RepositoryJson.PutAsync(Store, key, body, compressed: false, cancellationToken);

    /// <summary>The part's <c>started.*</c> marker, its key derived from the body, so whoever begins a part (a backup, or a server run for its nodes) writes the same key.</summary>
    public Task WriteStartedMarkerAsync(BackupMarkerBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return WriteMarkerAsync(BackupMarker.StartedKey(body.Cluster, body.Tag, body.HostId, body.StartedAt, body.Kind), body, cancellationToken);
    }

    /// <summary>Removes one node backup's index markers (complete first, so it stops being listed as complete) and manifest.</summary>
    public async Task DeleteNodeBackupAsync(NodeBackupSummary part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        var markers = new List<string>();
        await foreach (var info in Store.ListAsync(RepositoryKeys.NodeIndexPrefix(part.Cluster, part.Tag, part.HostId), cancellationToken).ConfigureAwait(false))
        {
            markers.Add(info.Key);
        }

        foreach (var key in markers.OrderBy(k => k.Contains("/complete.", StringComparison.Ordinal) ? 0 : 1))
        {
            await Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }

        await Store.DeleteAsync(RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId), cancellationToken).ConfigureAwait(false);
    }
}
