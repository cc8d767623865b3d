using Amphora.Core.Configuration;
using System.CommandLine;
using Amphora.Core.Repository;
using Amphora.Nodes;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary>Options several commands share, made fresh for each command.</summary>
public static class CommonOptions
{
    public static Option<string> Location() => new("--location")
    {
        Description = "Backup location: file:/PATH (local or NFS), s3:BUCKET[/PREFIX], azure:CONTAINER[/PREFIX] or gcs:BUCKET[/PREFIX]; " +
            "one per datacenter with dc1:s3:BUCKET-EU,dc2:s3:BUCKET-US. Provider settings: --config and the providers' environment variables.",
        Required = true,
    };

    public static Option<string> Output() => new Option<string>("--output")
    {
        Description = "text or json.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    public static Option<string> CassandraYaml() => new("--cassandra-yaml")
    {
        Description = "The node's cassandra.yaml (data_file_directories, commitlog_directory).",
        DefaultValueFactory = _ => "/etc/cassandra/cassandra.yaml",
    };

    public static Option<string> Nodetool() => new("--nodetool")
    {
        Description = "The nodetool command line for this node, e.g. \"nodetool -h 10.0.0.5 -u admin -pwf /etc/jmxpw\".",
        DefaultValueFactory = _ => "nodetool",
    };

    public static Option<string?> Cluster() => new("--cluster") { Description = "The cluster, when several clusters in the location use the tag." };

    /// <summary>The restore commands' name for <see cref="Cluster"/>: there --cluster restores a whole cluster.</summary>
    public static Option<string?> SourceCluster() => new("--source-cluster") { Description = "The backed-up cluster, when several clusters in the location use the tag." };

    public static Option<string> LockWait() => new("--lock-wait")
    {
        Description = "How long to wait for a conflicting backup, delete or purge on the same location to finish (45s, 10m, 1h).",
        DefaultValueFactory = _ => "1m",
    };

    /// <summary>
    /// How old content no backup references (and, for purge, an incomplete backup) must be before it goes: a failed backup
    /// retried soon afterwards re-uses what it uploaded. Purge and backups check share the default.
    /// </summary>
    public static Option<string> Grace(string description) => new("--grace")
    {
        Description = description,
        DefaultValueFactory = _ => "1d",
    };

    public static Option<bool> DryRun() => new("--dry-run") { Description = "Print what would be done; change nothing." };

    public static LockOptions LockOptions(string lockWait) => new() { WaitUpTo = DurationText.Parse(lockWait, "--lock-wait") };

    public static NodetoolNodeAdapter Node(string cassandraYaml, string nodetool) =>
        new(Nodes.CassandraYaml.Load(cassandraYaml), new Nodes.Nodetool(nodetool));
}
