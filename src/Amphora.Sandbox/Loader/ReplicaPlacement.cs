using System.Globalization;
using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.Loader;

/// <summary>
/// Which nodes replicate a token for a keyspace, walking the token ring as Cassandra's strategies do:
/// SimpleStrategy takes the next distinct nodes; NetworkTopologyStrategy takes, per datacenter, nodes on racks not
/// yet used first and repeats a rack only as far as the datacenter's factor exceeds its rack count.
/// </summary>
public sealed class ReplicaPlacement
{
    private readonly (long Token, NodeManifest Node)[] _ring;
    private readonly long[] _tokens;
    private readonly KeyspaceSchema _keyspace;
    private readonly IReadOnlyList<NodeManifest> _nodes;

    public ReplicaPlacement(SandboxCluster cluster, KeyspaceSchema keyspace)
    {
        _keyspace = keyspace;
        _nodes = cluster.Manifest.Nodes;
        _ring = cluster.Nodes.SelectMany(n => n.LoadState().Tokens.Select(t => (t, n.Manifest))).OrderBy(p => p.t).ToArray();
        _tokens = _ring.Select(r => r.Token).ToArray();
    }

    public IReadOnlyList<NodeManifest> ReplicasFor(long token)
    {
        var start = Array.BinarySearch(_tokens, token);
        start = start >= 0 ? start : ~start;
        var walk = Enumerable.Range(0, _ring.Length).Select(i => _ring[(start + i) % _ring.Length].Node);
        var strategy = _keyspace.Replication.GetValueOrDefault("class", string.Empty);
        if (strategy.EndsWith("SimpleStrategy", StringComparison.Ordinal))
        {
            var factor = Factor("replication_factor");
            return walk.Distinct().Take(factor).ToList();
        }

        if (strategy.EndsWith("NetworkTopologyStrategy", StringComparison.Ordinal))
        {
            var replicas = new List<NodeManifest>();
            foreach (var dc in _nodes.Select(n => n.Datacenter).Distinct())
            {
                var inDc = _nodes.Where(n => n.Datacenter == dc).ToList();
                var factor = Factor(dc);
                var wanted = Math.Min(factor, inDc.Count);
                var repeats = factor - inDc.Select(n => n.Rack).Distinct().Count();
                var racks = new HashSet<string>();
                var chosen = new List<NodeManifest>();
                foreach (var node in walk.Where(n => n.Datacenter == dc))
                {
                    if (chosen.Count >= wanted || chosen.Contains(node))
                    {
                        continue;
                    }

                    if (racks.Add(node.Rack))
                    {
                        chosen.Add(node);
                    }
                    else if (repeats > 0)
                    {
                        repeats--;
                        chosen.Add(node);
                    }
                }

                replicas.AddRange(chosen);
            }

            return replicas;
        }

        // LocalStrategy (system keyspaces): every node keeps its own.
        return _nodes.ToList();
    }

    private int Factor(string key) =>
        _keyspace.Replication.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var factor) ? factor : 0;
}
