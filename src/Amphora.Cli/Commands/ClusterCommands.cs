using System.CommandLine;
using Amphora.Api.Server;
using Amphora.Cli.Output;

namespace Amphora.Cli.Commands;

/// <summary><c>amphora cluster add|list|show|remove</c>: the clusters an Amphora server manages, through its REST API.</summary>
public static class ClusterCommands
{
    public static Command Create() => new("cluster", "Register, list, inspect and remove the clusters an Amphora server manages.")
    {
        AddCommand(),
        ListCommand(),
        ShowCommand(),
        RemoveCommand(),
    };

    private static Command AddCommand()
    {
        var name = new Option<string>("--name") { Description = "The cluster's name on the server.", Required = true };
        var agents = new Option<string[]>("--agent")
        {
            Description = "Every node's agent as HOST:PORT, comma-separated or repeated.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var token = new Option<string>("--token") { Description = "The bearer token the cluster's agents share.", Required = true };
        var ca = new Option<string?>("--ca")
        {
            Description = "PEM file of the CA (or self-signed certificate) pinning the agents' certificates; without it each is pinned on first contact.",
        };
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command("add", "Register a cluster: the server asks every agent for its node; all must answer and report the same cluster.")
        {
            name, agents, token, ca, output,
        };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            var caPath = parse.GetValue(ca);
            var registration = new ClusterRegistration
            {
                Name = parse.GetValue(name)!,
                Agents = [.. parse.GetValue(agents)!.SelectMany(agent => agent.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
                Token = parse.GetValue(token)!,
                CaCertificatePem = caPath is null ? null : await File.ReadAllTextAsync(caPath, cancellationToken).ConfigureAwait(false),
            };
            using var client = connection.Open(parse);
            var cluster = await client.AddClusterAsync(registration, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(cluster);
                return;
            }

            Console.WriteLine($"Cluster {cluster.Name} ({cluster.ClusterName}) added: {cluster.Nodes.Count} nodes in {Datacenters(cluster)}.");
            Console.Write(NodesTable(cluster));
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command("list", "The registered clusters: nodes, datacenters, whether suspended, when discovered.") { output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            var clusters = await client.ClustersAsync(cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(clusters);
                return;
            }

            if (clusters.Count == 0)
            {
                Console.WriteLine("No cluster is registered; add one with amphora cluster add.");
                return;
            }

            var table = new TextTable("NAME", "CLUSTER", "NODES", "DATACENTERS", "SUSPENDED", "DISCOVERED");
            foreach (var cluster in clusters)
            {
                table.Add(cluster.Name, cluster.ClusterName, cluster.Nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Datacenters(cluster),
                    cluster.Suspended ? "yes" : "no", TimeText.Format(cluster.DiscoveredAt));
            }

            Console.Write(table);
        }));
        return command;
    }

    private static Command ShowCommand()
    {
        var name = new Argument<string>("name") { Description = "The cluster." };
        var refresh = new Option<bool>("--refresh") { Description = "Discover the topology again through the agents first." };
        var (connection, output) = (new ServerConnection(), CommonOptions.Output());
        var command = new Command("show", "One cluster's nodes: agent, host ID, address, datacenter, rack, version, flavour.") { name, refresh, output };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            var cluster = await client.ClusterAsync(parse.GetValue(name)!, parse.GetValue(refresh), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(output) == "json")
            {
                JsonOutput.Write(cluster);
                return;
            }

            Console.WriteLine($"Cluster {cluster.Name} ({cluster.ClusterName}){(cluster.Suspended ? ", suspended" : string.Empty)}, discovered {TimeText.Format(cluster.DiscoveredAt)}:");
            Console.Write(NodesTable(cluster));
        }));
        return command;
    }

    private static Command RemoveCommand()
    {
        var name = new Argument<string>("name") { Description = "The cluster." };
        var connection = new ServerConnection();
        var command = new Command("remove", "Remove a cluster with its tasks and their history (refused while a backup runs); its backups stay.") { name };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(async () =>
        {
            using var client = connection.Open(parse);
            await client.RemoveClusterAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"Cluster {parse.GetValue(name)} removed; the backups in its locations stay.");
        }));
        return command;
    }

    private static string Datacenters(ClusterInfo cluster) => string.Join(", ", cluster.Nodes.Select(node => node.Datacenter).Distinct().Order(StringComparer.Ordinal));

    private static TextTable NodesTable(ClusterInfo cluster)
    {
        var table = new TextTable("AGENT", "HOST ID", "ADDRESS", "DC", "RACK", "VERSION", "FLAVOUR");
        foreach (var node in cluster.Nodes)
        {
            table.Add(node.Agent, node.HostId.ToString(), node.Address, node.Datacenter, node.Rack, node.Version, node.Flavour);
        }

        return table;
    }
}
