using Amphora.Sandbox.Schema;

namespace Amphora.Sandbox.CommitLog;

/// <summary>
/// CommitLogReplayer's ReplayFilter: <c>-Dcassandra.replayList=ks.t1,ks.t2</c> limits replay to those tables. The
/// sandbox has no JVM, so start-up reads the option from <c>JVM_EXTRA_OPTS</c>, which cassandra-env.sh appends to
/// the JVM's options.
/// </summary>
public sealed class ReplayFilter
{
    public const string JvmOptionsVariable = "JVM_EXTRA_OPTS";
    private const string ReplayListOption = "-Dcassandra.replayList=";

    private readonly HashSet<Guid>? _tables;

    private ReplayFilter(HashSet<Guid>? tables) => _tables = tables;

    public static ReplayFilter FromEnvironment(ClusterSchema schema) =>
        FromJvmOptions(Environment.GetEnvironmentVariable(JvmOptionsVariable), schema);

    /// <summary>The last <c>-Dcassandra.replayList</c> wins, as for any Java system property; unknown tables fail start-up.</summary>
    public static ReplayFilter FromJvmOptions(string? jvmOptions, ClusterSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var list = (jvmOptions ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(o => o.StartsWith(ReplayListOption, StringComparison.Ordinal))?[ReplayListOption.Length..];
        if (list is null)
        {
            return new ReplayFilter(null);
        }

        var tables = new HashSet<Guid>();
        foreach (var entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('.');
            if (parts.Length != 2)
            {
                throw new SandboxException(
                    $"Cannot start: each table to be replayed must be fully qualified with keyspace name, e.g., 'system.peers' (got '{entry}' in {ReplayListOption}).");
            }

            if (schema.FindKeyspace(parts[0]) is null)
            {
                throw new SandboxException($"Cannot start: unknown keyspace {parts[0]} in {ReplayListOption}{list}.");
            }

            var table = schema.FindTable(parts[0], parts[1])
                ?? throw new SandboxException($"Cannot start: unknown table {parts[0]}.{parts[1]} in {ReplayListOption}{list}.");
            tables.Add(table.Id);
        }

        return new ReplayFilter(tables);
    }

    public bool Includes(Guid tableId) => _tables is null || _tables.Contains(tableId);
}
