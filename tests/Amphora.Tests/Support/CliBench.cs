namespace Amphora.Tests.Support;

/// <summary>
/// A sandbox node and a local-disk location in temp dirs, driven as an operator drives them: the real <c>amphora</c>
/// process, with the node's own cassandra.yaml and bin/nodetool.
/// </summary>
public sealed class CliBench : IDisposable
{
    private readonly TempDirectory _directory = new();

    public CliBench(SandboxHarness? sandbox = null) => Sandbox = sandbox ?? new SandboxHarness();

    public SandboxHarness Sandbox { get; }

    /// <summary>The location's directory.</summary>
    public string LocationDirectory => Path.Combine(_directory.Path, "location");

    /// <summary>The location as the command line names it.</summary>
    public string Location => "file:" + LocationDirectory;

    public string CassandraYaml => Path.Combine(Sandbox.Node().Directory, "conf", "cassandra.yaml");

    public string CacheDirectory => Path.Combine(_directory.Path, "cache");

    public static ProcessRunner.Result Amphora(params string[] arguments) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), .. arguments]);

    /// <summary>Fails the test unless the command exited 0; returns its standard output.</summary>
    public static string Ok(ProcessRunner.Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        return result.StandardOutput;
    }

    /// <summary><c>amphora backup</c> of node1 to the location, plus the given options.</summary>
    public ProcessRunner.Result Backup(params string[] extra) =>
        Amphora(["backup", "--cassandra-yaml", CassandraYaml, "--nodetool", Sandbox.NodetoolPath(), "--location", Location, "--cache-dir", CacheDirectory, .. extra]);

    /// <summary>The key of a file in the location's directory.</summary>
    public string KeyOf(string path) => Path.GetRelativePath(LocationDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    public void Dispose()
    {
        Sandbox.Dispose();
        _directory.Dispose();
    }
}
