using System.ComponentModel;

namespace Amphora.Nodes;

/// <summary>
/// Controls a Cassandra node through its nodetool command line, exactly as an operator would
/// (e.g. <c>nodetool -h 10.0.0.5 -u admin -pwf /etc/jmxpw</c>). Real node or sandbox: the same words.
/// </summary>
public sealed class Nodetool
{
    private readonly IReadOnlyList<string> _command;

    public Nodetool(string commandLine)
    {
        _command = CommandLineSplitter.Split(commandLine);
        if (_command.Count == 0)
        {
            throw new ArgumentException("The nodetool command line is empty; give the path of nodetool, e.g. --nodetool \"/opt/cassandra/bin/nodetool\".");
        }
    }

    /// <summary>The command line for messages, with password values masked.</summary>
    public string CommandLine => Describe(_command);

    private static string Describe(IEnumerable<string> words)
    {
        var shown = new List<string>();
        var maskNext = false;
        foreach (var word in words)
        {
            shown.Add(maskNext ? "***" : word);
            maskNext = word is "-pw" or "--password";
        }

        return string.Join(' ', shown);
    }

    /// <summary>Runs one nodetool command and returns its standard output; a non-zero exit throws with what nodetool said.</summary>
    public async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        List<string> words = [.. _command, .. arguments];
        ExternalCommand.Result result;
        try
        {
            result = await ExternalCommand.RunAsync(words, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new NodetoolException(CommandLine, -1,
                $"cannot run {_command[0]}: {e.Message}. Give nodetool's full path with --nodetool, e.g. --nodetool /opt/cassandra/bin/nodetool.");
        }

        if (result.ExitCode != 0)
        {
            throw new NodetoolException(Describe(words), result.ExitCode, result.StandardError + result.StandardOutput);
        }

        return result.StandardOutput;
    }

    public Task FlushAsync(IEnumerable<string> keyspaces, CancellationToken cancellationToken) => RunAsync(["flush", .. keyspaces], cancellationToken);

    public Task CompactAsync(string keyspace, IEnumerable<string> tables, CancellationToken cancellationToken) =>
        RunAsync(["compact", keyspace, .. tables], cancellationToken);

    /// <summary>nodetool snapshot -t TAG [-kt ks.t,...] [keyspaces]: flushes and hard-links every SSTable.</summary>
    public Task SnapshotAsync(string tag, IReadOnlyList<string> keyspacesOrTables, CancellationToken cancellationToken)
    {
        var tables = keyspacesOrTables.Where(k => k.Contains('.', StringComparison.Ordinal)).ToList();
        return tables.Count > 0
            ? RunAsync(["snapshot", "-t", tag, "-kt", string.Join(',', tables)], cancellationToken)
            : RunAsync(["snapshot", "-t", tag, .. keyspacesOrTables], cancellationToken);
    }

    /// <summary>
    /// nodetool import KS TABLE DIR...: Cassandra moves the SSTables in under new ids. Directories it could not import are
    /// listed after "Some directories failed to import" with a non-zero exit, which <see cref="RunAsync"/> turns into an error.
    /// </summary>
    public Task ImportAsync(string keyspace, string table, IReadOnlyList<string> directories, CancellationToken cancellationToken) =>
        RunAsync(["import", keyspace, table, .. directories], cancellationToken);

    /// <summary>
    /// Asks the node for its version: false when nodetool cannot connect because nothing listens on the JMX port
    /// ("Connection refused"); any other failure (no nodetool, wrong credentials) is not a stopped node and throws.
    /// </summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(["version"], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NodetoolException e) when (e.ExitCode > 0 && e.Output.Contains("Connection refused", StringComparison.Ordinal))
        {
            return false;
        }
    }

    public Task ClearSnapshotAsync(string tag, CancellationToken cancellationToken) => RunAsync(["clearsnapshot", "-t", tag], cancellationToken);

    public async Task<IReadOnlyList<SnapshotListing>> ListSnapshotsAsync(CancellationToken cancellationToken) =>
        SnapshotListing.Parse(await RunAsync(["listsnapshots"], cancellationToken).ConfigureAwait(false));

    /// <summary>Host ID, datacenter, rack and tokens from <c>nodetool info -T</c>.</summary>
    public async Task<NodeInfo> InfoAsync(CancellationToken cancellationToken)
    {
        var output = await RunAsync(["info", "-T"], cancellationToken).ConfigureAwait(false);
        return new NodeInfo(
            Guid.Parse(Field(output, "ID", "info -T")),
            Field(output, "Data Center", "info -T"),
            Field(output, "Rack", "info -T"),
            Fields(output).Where(f => f.Key == "Token").Select(f => f.Value).ToList());
    }

    /// <summary>The node's release version from <c>nodetool version</c> (e.g. 4.1.7).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken) =>
        Field(await RunAsync(["version"], cancellationToken).ConfigureAwait(false), "ReleaseVersion", "version");

    /// <summary>The cluster name and the keyspaces of the live schema, from <c>nodetool describecluster</c>.</summary>
    public async Task<ClusterDescription> DescribeClusterAsync(CancellationToken cancellationToken)
    {
        var output = await RunAsync(["describecluster"], cancellationToken).ConfigureAwait(false);
        var name = Field(output, "Name", "describecluster");
        var keyspaces = output.Split('\n').SkipWhile(l => l.Trim() != "Keyspaces:").Skip(1)
            .Select(l => l.Trim())
            .Where(l => l.Contains(" -> ", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(" -> ", StringComparison.Ordinal)])
            .ToList();
        return new ClusterDescription(name, keyspaces);
    }

    /// <summary>The "Key : value" lines nodetool prints, keys and values trimmed.</summary>
    private static IEnumerable<(string Key, string Value)> Fields(string output) =>
        output.Split('\n').Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()));

    /// <summary>The value of the first "Key : value" line; a missing key means the output is not what this adapter knows.</summary>
    private string Field(string output, string key, string command) =>
        Fields(output).FirstOrDefault(f => f.Key == key).Value
            ?? throw new NodetoolException($"{CommandLine} {command}", 0, $"no '{key}' line in the output:\n{output}");
}
