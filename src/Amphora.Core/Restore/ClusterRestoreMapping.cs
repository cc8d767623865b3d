using Amphora.Core.Repository;
using Amphora.Nodes;

namespace Amphora.Core.Restore;

/// <summary>One target node of a cluster restore.</summary>
public sealed record ClusterNodeTarget(CassandraYaml Yaml, INodeAdapter Node, Guid? ExplicitSource)
{
    public RestoreTarget Target => RestoreTarget.From(Yaml, Node);

    public string Name => Yaml.ListenAddress is { } address ? $"{address} ({Yaml.Path})" : Yaml.Path;
}

/// <summary>Which backed-up node a target node is restored from, and why.</summary>
public sealed record NodeMapping(ClusterNodeTarget Target, NodeManifest Source, string Reason);

/// <summary>
/// Pairs every backed-up node with one target node: the one named by the targets file; else the node with the same host ID
/// (a restore into the same cluster); else the node of the same datacenter and rack with the same tokens; else, in a new
/// cluster with the same shape, the nodes of each datacenter and rack in token order. Seeds come first, so an in-place
/// cluster restore can bring them up before the others.
/// </summary>
public static class ClusterRestoreMapping
{
    public static async Task<IReadOnlyList<NodeMapping>> MapAsync(
        IReadOnlyList<NodeManifest> sources, IReadOnlyList<ClusterNodeTarget> targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(targets);
        var mappings = new List<NodeMapping>();
        var unmatched = sources.ToList();
        var identities = new Dictionary<ClusterNodeTarget, NodeIdentity?>();
        foreach (var target in targets)
        {
            identities[target] = target.ExplicitSource is null && await target.Node.IsRunningAsync(cancellationToken).ConfigureAwait(false)
                ? await target.Node.IdentifyAsync(cancellationToken).ConfigureAwait(false)
                : null;
        }

        void Map(ClusterNodeTarget target, NodeManifest source, string reason)
        {
            mappings.Add(new NodeMapping(target, source, reason));
            unmatched.Remove(source);
        }

        foreach (var target in targets.Where(t => t.ExplicitSource is not null))
        {
            var source = unmatched.FirstOrDefault(s => s.Node.HostId == target.ExplicitSource)
                ?? throw new ArgumentException($"the targets file maps {target.Name} to {target.ExplicitSource}, which is not an unmapped node of the backup.");
            Map(target, source, "named in the targets file");
        }

        var open = targets.Where(t => t.ExplicitSource is null).ToList();
        if (open.FirstOrDefault(t => identities[t] is null) is { } down)
        {
            throw new ArgumentException(
                $"{down.Name} is not running, so its host ID, datacenter, rack and tokens cannot be read to match it with a backed-up node. " +
                "Give its 'source:' host ID in the targets file (a --dry-run while the nodes are up prints the mapping).");
        }

        foreach (var target in open.ToList())
        {
            if (unmatched.FirstOrDefault(s => s.Node.HostId == identities[target]!.HostId) is { } same)
            {
                Map(target, same, "same host ID");
                open.Remove(target);
            }
        }

        foreach (var target in open.ToList())
        {
            var identity = identities[target]!;
            if (unmatched.FirstOrDefault(s => SamePlace(s, identity) && s.Node.Tokens.Order().SequenceEqual(identity.Tokens.Order())) is { } tokens)
            {
                Map(target, tokens, "same datacenter, rack and tokens");
                open.Remove(target);
            }
        }

        foreach (var group in open.GroupBy(t => (identities[t]!.Datacenter, identities[t]!.Rack)).ToList())
        {
            var candidates = unmatched.Where(s => (s.Node.Datacenter, s.Node.Rack) == group.Key).OrderBy(s => FirstToken(s.Node.Tokens)).ToList();
            var nodes = group.OrderBy(t => FirstToken(identities[t]!.Tokens)).ToList();
            if (candidates.Count != nodes.Count)
            {
                throw new ArgumentException(
                    $"{group.Key.Datacenter}/{group.Key.Rack} has {nodes.Count} target node(s) without a match and the backup has {candidates.Count} node(s) there; " +
                    "map them with 'source:' in the targets file.");
            }

            foreach (var (target, source) in nodes.Zip(candidates))
            {
                Map(target, source, "same datacenter and rack, in token order");
            }
        }

        if (unmatched.Count > 0)
        {
            throw new ArgumentException(
                $"{unmatched.Count} backed-up node(s) have no target: {string.Join(", ", unmatched.Select(s => $"{s.Node.HostId} ({s.Node.Datacenter}/{s.Node.Rack})"))}. " +
                "Add their target nodes to the targets file.");
        }

        return mappings.OrderByDescending(m => m.Target.Yaml.IsSeed).ThenBy(m => m.Target.Name, StringComparer.Ordinal).ToList();
    }

    private static bool SamePlace(NodeManifest source, NodeIdentity identity) =>
        source.Node.Datacenter == identity.Datacenter && source.Node.Rack == identity.Rack;

    private static long FirstToken(IReadOnlyList<string> tokens) =>
        tokens.Select(t => long.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue).DefaultIfEmpty(long.MaxValue).Min();
}
