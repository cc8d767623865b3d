using Amphora.Core.Repository;

namespace Amphora.Core.Catalog;

/// <summary>
/// The content keys node backups' manifests reference: what delete, purge and the orphan sweep must keep. A node backup
/// without a manifest (started, never finished) references nothing. An unreadable manifest throws
/// <see cref="InvalidDataException"/>: its references are unknown, so deleting anything could delete what it needs.
/// </summary>
public static class ReferencedContent
{
    public static async Task<HashSet<string>> CollectAsync(BackupRepository repository, IEnumerable<NodeBackupSummary> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(parts);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (await repository.ReadManifestAsync(part, cancellationToken).ConfigureAwait(false) is not { } manifest)
            {
                continue;
            }

            try
            {
                keys.UnionWith(manifest.Files.Select(f => RepositoryKeys.Content(f.Hash)));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{RepositoryKeys.Manifest(part.Cluster, part.Tag, part.HostId)} lists a file whose hash {e.Message.TrimEnd('.')}", e);
            }
        }

        return keys;
    }
}
