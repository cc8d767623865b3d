using System.Globalization;
using System.Text;
using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.Nodetool;

/// <summary>status, info, describecluster and ring: the node's and the cluster's view of itself.</summary>
public sealed partial class NodetoolEmulator
{
    private sealed record Peer(SandboxNode Node, NodeState State, bool Up, long Load);

    private List<Peer> Peers(ClusterSchema schema) => cluster.Nodes.Select(n =>
    {
        var state = n.LoadState();
        return new Peer(n, state, state.Running, n.LoadBytes(state, schema));
    }).ToList();

    /// <summary>
    /// Effective ownership as nodetool computes it: from the first user keyspace (system_traces if none); null with a
    /// note when user keyspaces disagree on replication.
    /// </summary>
    private static (Dictionary<SandboxNode, double>? Owns, string? Note) Ownership(SandboxCluster cluster, ClusterSchema schema, string? keyspaceName)
    {
        KeyspaceSchema? keyspace;
        if (keyspaceName is not null)
        {
            keyspace = schema.FindKeyspace(keyspaceName) ?? throw new StatusKeyspaceException($"The keyspace {keyspaceName}, does not exist");
            if (keyspace.Replication.GetValueOrDefault("class", string.Empty).EndsWith("LocalStrategy", StringComparison.Ordinal))
            {
                return (null, "Ownership values for keyspaces with LocalStrategy are meaningless");
            }
        }
        else
        {
            var user = schema.Keyspaces.Where(k => !k.IsSystem).ToList();
            if (user.Select(k => SchemaCql.Replication(k)).Distinct().Count() > 1)
            {
                return (null, "Non-system keyspaces don't have the same replication settings, effective ownership information is meaningless");
            }

            keyspace = user.FirstOrDefault() ?? schema.FindKeyspace("system_traces")!;
        }

        var owns = new Dictionary<SandboxNode, double>();
        foreach (var node in cluster.Nodes)
        {
            var inDc = cluster.Nodes.Count(n => n.Manifest.Datacenter == node.Manifest.Datacenter);
            var factor = keyspace.Replication.TryGetValue("replication_factor", out var rf)
                ? double.Parse(rf, CultureInfo.InvariantCulture) / cluster.Nodes.Count
                : keyspace.Replication.TryGetValue(node.Manifest.Datacenter, out var dcRf) ? double.Parse(dcRf, CultureInfo.InvariantCulture) / inDc : 0;
            owns[node] = Math.Min(1.0, factor);
        }

        return (owns, null);
    }

    /// <summary>Ownership for status and ring; an unknown keyspace prints "Error: ..." and gives null.</summary>
    private (Dictionary<SandboxNode, double>? Owns, string? Note)? OwnershipOrError(ClusterSchema schema, NodetoolCommandLine line)
    {
        try
        {
            return Ownership(cluster, schema, line.Arguments.FirstOrDefault());
        }
        catch (StatusKeyspaceException e)
        {
            _out.Append('\n').Append("Error: ").Append(e.Message).Append('\n');
            return null;
        }
    }

    private void Status(NodetoolCommandLine line, SandboxNode node)
    {
        var schema = cluster.LoadSchema();
        if (OwnershipOrError(schema, line) is not { } ownership)
        {
            throw new ExitAfterOutputException(); // status exits 1 after printing the error
        }

        var peers = Peers(schema);
        var ownsHeader = ownership.Owns is null ? "Owns" : "Owns (effective)";
        var tables = peers.GroupBy(p => p.Node.Manifest.Datacenter).OrderBy(g => g.Key, StringComparer.Ordinal).Select(dc =>
        {
            var table = new TableBuilder("  ");
            table.Add("--", "Address", "Load", "Tokens", ownsHeader, "Host ID", "Rack");
            foreach (var peer in dc.OrderBy(p => p.Node.Address, StringComparer.Ordinal))
            {
                var owns = ownership.Owns is { } o ? (o[peer.Node] * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "?";
                table.Add(peer.Up ? "UN" : "DN", peer.Node.Address, FileSize.Stringify(peer.Load),
                    peer.State.Tokens.Count.ToString(CultureInfo.InvariantCulture), owns, peer.State.HostId.ToString("D"), peer.Node.Manifest.Rack);
            }

            return (Datacenter: dc.Key, Table: table);
        }).ToList();

        // nodetool shares column widths across datacenters.
        var widths = tables.Select(t => t.Table.Widths()).Aggregate((a, b) => a.Zip(b, Math.Max).ToArray());
        var first = true;
        foreach (var (datacenter, table) in tables)
        {
            if (!first)
            {
                _out.Append('\n');
            }

            first = false;
            var header = $"Datacenter: {datacenter}";
            _out.Append(header).Append('\n').Append(new string('=', header.Length)).Append('\n');
            _out.Append("Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n");
            table.PrintTo(_out, widths);
        }

        _out.Append('\n');
        if (ownership.Note is not null)
        {
            _out.Append("Note: ").Append(ownership.Note).Append('\n');
        }
    }

    private void Info(NodetoolCommandLine line, SandboxNode node)
    {
        var schema = cluster.LoadSchema();
        var state = node.LoadState();
        var uptime = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - state.StartedAtMs) / 1000;
        var drained = state.Drained;
        void Line(string label, string value) => _out.Append(CultureInfo.InvariantCulture, $"{label,-23}: {value}\n");
        Line("ID", state.HostId.ToString("D"));
        Line("Gossip active", drained ? "false" : "true");
        Line("Native Transport active", drained ? "false" : "true");
        Line("Load", FileSize.Stringify(node.LoadBytes(state, schema)));
        if (node.Format.IsCassandra50)
        {
            Line("Uncompressed load", FileSize.Stringify(node.LoadBytes(state, schema)));
        }

        Line("Generation No", (state.StartedAtMs / 1000).ToString(CultureInfo.InvariantCulture));
        Line("Uptime (seconds)", uptime.ToString(CultureInfo.InvariantCulture));
        Line("Heap Memory (MB)", "212.35 / 1024.00");
        Line("Off Heap Memory (MB)", "0.00");
        Line("Data Center", node.Manifest.Datacenter);
        Line("Rack", node.Manifest.Rack);
        Line("Exceptions", "0");
        Line("Key Cache", "entries 0, size 0 bytes, capacity 51 MiB, 0 hits, 0 requests, NaN recent hit rate, 14400 save period in seconds");
        Line("Row Cache", "entries 0, size 0 bytes, capacity 0 bytes, 0 hits, 0 requests, NaN recent hit rate, 0 save period in seconds");
        Line("Counter Cache", "entries 0, size 0 bytes, capacity 25 MiB, 0 hits, 0 requests, NaN recent hit rate, 7200 save period in seconds");
        Line("Network Cache", "size 0 bytes, overflow size: 0 bytes, capacity 128 MiB");
        Line("Percent Repaired", "0.0%");
        if (line.Flag("tokens") || state.Tokens.Count == 1)
        {
            foreach (var token in state.Tokens)
            {
                Line("Token", token.ToString(CultureInfo.InvariantCulture));
            }
        }
        else
        {
            Line("Token", $"(invoke with -T/--tokens to see all {state.Tokens.Count} tokens)");
        }

        if (node.Format.IsCassandra50)
        {
            Line("Bootstrap state", "COMPLETED");
            Line("Bootstrap failed", "false");
            Line("Decommissioning", "false");
            Line("Decommission failed", "false");
        }
    }

    private void DescribeCluster(SandboxNode node)
    {
        var schema = cluster.LoadSchema();
        var peers = Peers(schema);
        var up = peers.Where(p => p.Up).ToList();
        var config = node.Config;
        var text = new StringBuilder();
        text.Append("Cluster Information:\n");
        text.Append("\tName: ").Append(config.ClusterName).Append('\n');
        text.Append("\tSnitch: org.apache.cassandra.locator.GossipingPropertyFileSnitch\n");
        text.Append("\tDynamicEndPointSnitch: enabled\n");
        text.Append("\tPartitioner: org.apache.cassandra.dht.Murmur3Partitioner\n");
        text.Append("\tSchema versions:\n");
        text.Append("\t\t").Append(schema.Version.ToString("D")).Append(": [").Append(string.Join(", ", up.Select(p => p.Node.Address))).Append("]\n\n");
        if (peers.Count > up.Count)
        {
            text.Append("\t\tUNREACHABLE: [").Append(string.Join(", ", peers.Where(p => !p.Up).Select(p => p.Node.Address))).Append("]\n\n");
        }

        text.Append("Stats for all nodes:\n");
        text.Append("\tLive: ").Append(up.Count).Append('\n');
        text.Append("\tJoining: 0\n\tMoving: 0\n\tLeaving: 0\n");
        text.Append("\tUnreachable: ").Append(peers.Count - up.Count).Append('\n');
        text.Append("\nData Centers: \n");
        foreach (var dc in peers.GroupBy(p => p.Node.Manifest.Datacenter).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append('\t').Append(dc.Key).Append(" #Nodes: ").Append(dc.Count()).Append(" #Down: ").Append(dc.Count(p => !p.Up)).Append('\n');
        }

        text.Append("\nDatabase versions:\n");
        text.Append('\t').Append(node.Format.CassandraVersion).Append(": [").Append(string.Join(", ", up.Select(p => p.Node.Address + ":7000"))).Append("]\n\n");
        text.Append("Keyspaces:\n");
        foreach (var keyspace in schema.Keyspaces)
        {
            var replication = keyspace.Replication;
            var strategy = replication.GetValueOrDefault("class", string.Empty).Split('.')[^1];
            var options = string.Join(", ", replication.Where(p => p.Key != "class").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
            text.Append('\t').Append(keyspace.Name).Append(" -> Replication class: ").Append(strategy).Append(" {").Append(options).Append("}\n");
        }

        _out.Append(text);
    }

    private void Ring(NodetoolCommandLine line, SandboxNode node)
    {
        var schema = cluster.LoadSchema();
        if (OwnershipOrError(schema, line) is not { } ownership)
        {
            return; // ring exits 0 after printing the error
        }

        var peers = Peers(schema);
        var addressWidth = peers.Max(p => p.Node.Address.Length);
        string Row(string address, string rack, string status, string state, string load, string owns, string token) =>
            address.PadRight(addressWidth) + "  " + rack.PadRight(12) + status.PadRight(7) + state.PadRight(8) + load.PadRight(16) + owns.PadRight(20) + token.PadRight(44) + "\n";

        _out.Append('\n');
        foreach (var dc in peers.GroupBy(p => p.Node.Manifest.Datacenter).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = dc.SelectMany(p => p.State.Tokens.Select(t => (Peer: p, Token: t))).OrderBy(r => r.Token).ToList();
            _out.Append("Datacenter: ").Append(dc.Key).Append("\n==========\n");
            _out.Append(Row("Address", "Rack", "Status", "State", "Load", "Owns", "Token"));
            // Ring's hoststats hold one entry per token, so with vnodes even a lone node gets the DC's last-token line.
            _out.Append(rows.Count > 1 ? Row(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, rows[^1].Token.ToString(CultureInfo.InvariantCulture)) : "\n");
            foreach (var (peer, token) in rows)
            {
                var owns = ownership.Owns is { } o ? (o[peer.Node] * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "?";
                _out.Append(Row(peer.Node.Address, peer.Node.Manifest.Rack, peer.Up ? "Up" : "Down", "Normal", FileSize.Stringify(peer.Load), owns,
                    token.ToString(CultureInfo.InvariantCulture)));
            }

            _out.Append('\n');
        }

        _out.Append("  Warning: \"nodetool ring\" is used to output all the tokens of a node.\n");
        _out.Append("  To view status related info of a node use \"nodetool status\" instead.\n\n");
        _out.Append("\n  ");
        if (ownership.Note is not null)
        {
            _out.Append("Note: ").Append(ownership.Note).Append('\n');
        }
    }

    /// <summary>status/ring with an unknown keyspace print "Error: ..." on stdout (status then exits 1, ring 0).</summary>
    private sealed class StatusKeyspaceException(string message) : Exception(message);
}
