using System.Text.Json;
using Amphora.Core.Repository;
using Amphora.Nodes;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// Who wrote the spooled segments, as the node said through its adapter, kept in <c>&lt;spool&gt;/node.json</c>: the
/// segments archived when the node drains can then be shipped while it is down.
/// </summary>
public sealed record SpooledNodeIdentity(string Cluster, Guid HostId, string Datacenter, string Rack)
{
    public const string FileName = "node.json";

    /// <summary>Asks the node and caches the answer; when the node cannot answer, the cached answer; else a clear error.</summary>
    public static async Task<SpooledNodeIdentity> ResolveAsync(INodeAdapter node, SegmentSpool spool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(spool);
        var path = spool.PathOf(FileName);
        var cached = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            var identity = await node.IdentifyAsync(cancellationToken).ConfigureAwait(false);
            var current = new SpooledNodeIdentity(identity.Cluster, identity.HostId, identity.Datacenter, identity.Rack);
            if (current != cached)
            {
                await SaveAsync(current, spool, path, cancellationToken).ConfigureAwait(false);
            }

            return current;
        }
        catch (NodetoolException) when (cached is not null)
        {
            // The node is down (drained, restarting): the segments it left are still its own.
            return cached;
        }
        catch (NodetoolException e)
        {
            throw new IOException(
                $"cannot ask the node who it is ({e.Message}) and {path} does not remember it: start the node and ship once while it runs " +
                "(afterwards the segments it archives when it drains can be shipped while it is down).", e);
        }
    }

    private static async Task<SpooledNodeIdentity?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<SpooledNodeIdentity>(stream, RepositoryJson.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} is not the node identity Amphora caches: {e.Message} Delete it and ship while the node runs.", e);
            }
        }
    }

    private static async Task SaveAsync(SpooledNodeIdentity identity, SegmentSpool spool, string path, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(spool.Directory);
        var temporary = spool.TemporaryPathFor(FileName);
        await File.WriteAllBytesAsync(temporary, RepositoryJson.Serialize(identity), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
