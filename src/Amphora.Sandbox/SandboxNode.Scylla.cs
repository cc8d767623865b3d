using System.Diagnostics;
using System.Globalization;

namespace Amphora.Sandbox;

/// <summary>
/// Scylla-flavoured nodes: while one is up, a detached <c>amphora sandbox rest-server</c> process serves Scylla's REST API
/// on api_address:api_port from scylla.yaml. Start spawns it and waits until it listens; stop (a kill) ends it.
/// </summary>
public sealed partial class SandboxNode
{
    /// <summary>What a Scylla-flavoured node reports as its release (GET /storage_service/scylla_release_version).</summary>
    public const string ScyllaVersion = "2025.1.0";

    public bool IsScylla => Cluster.Manifest.Flavour == SandboxFlavour.Scylla;

    /// <summary>The node's release version: Scylla's for Scylla nodes, else the Cassandra version of the SSTable format.</summary>
    public string ReleaseVersion => IsScylla ? ScyllaVersion : Format.CassandraVersion;

    /// <summary>The script that runs this node's REST API server with the Amphora build that created the sandbox.</summary>
    internal string RestServerScript => Path.Combine(PrivateDirectory, "rest-server");

    /// <summary>The server writes its pid here once it listens: start waits for it.</summary>
    internal string RestServerReadyFile => Path.Combine(PrivateDirectory, "rest-server.ready");

    private string RestServerLog => Path.Combine(Directory, "logs", "rest-server.log");

    /// <summary>Starts the server in the background, its output going to logs/rest-server.log, so it outlives the process that started the node.</summary>
    private int SpawnRestServer()
    {
        File.Delete(RestServerReadyFile);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in new[] { "-c", "\"$0\" >>\"$1\" 2>&1 </dev/null & echo $!", RestServerScript, RestServerLog })
        {
            start.ArgumentList.Add(word);
        }

        using var shell = Process.Start(start) ?? throw new SandboxException($"Could not start {RestServerScript}.");
        var pidText = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        return int.TryParse(pidText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : throw new SandboxException($"Could not start {RestServerScript}: the shell printed '{pidText.Trim()}' instead of its pid.");
    }

    /// <summary>Waits until the server says it listens; if it dies first (the port is taken, say), the node is stopped again.</summary>
    private void WaitForRestServer(int pid)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!IsReady(pid))
        {
            if (!IsAlive(pid) || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(RestServerLog) ? File.ReadAllText(RestServerLog) : string.Empty;
                using (Lock())
                {
                    var state = LoadState();
                    state.Running = false;
                    EndRestServer(state);
                    SaveState(state);
                }

                throw new SandboxException(
                    $"Node {Name}'s REST API server (pid {pid}) did not come up on {Config.ApiAddress}:{Config.ApiPort}, so the node is stopped again. " +
                    $"Its log ({RestServerLog}) ends:\n{log[Math.Max(0, log.Length - 2000)..]}");
            }

            Thread.Sleep(20);
        }
    }

    private bool IsReady(int pid) =>
        File.Exists(RestServerReadyFile) && File.ReadAllText(RestServerReadyFile).Trim() == pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>Kills the recorded server, making sure the pid is still this node's server and not a process that reused the number.</summary>
    private void EndRestServer(NodeState state)
    {
        if (state.RestServerPid is { } pid && IsRestServer(pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // It ended on its own meanwhile.
            }

            // Not WaitForExit: the server is not our child, and where nothing reaps orphans it stays a zombie, which IsAlive knows.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }

        state.RestServerPid = null;
    }

    /// <summary>
    /// Whether the process exists and has not wholly ended. A killed process's main thread can be a zombie while its other
    /// threads still exit and hold its sockets, so it has ended only once it is a zombie with no other thread (or is gone).
    /// Its command line is not checked here: while it execs the script and then dotnet, /proc/PID/cmdline can read empty.
    /// </summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var zombie = stat[(stat.LastIndexOf(')') + 2)..] is ['Z' or 'X', ..];
            return !zombie || System.IO.Directory.GetDirectories($"/proc/{pid}/task").Length > 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True while the process runs this node's server (a zombie or an unrelated process has another command line).</summary>
    private bool IsRestServer(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("rest-server", StringComparison.Ordinal) && commandLine.Contains(Cluster.Directory, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether the server should keep serving: the sandbox still exists, the node is up and it is still the node's recorded server.</summary>
    public bool WantsRestServer(int pid)
    {
        if (!System.IO.Directory.Exists(PrivateDirectory))
        {
            return false; // the sandbox was deleted
        }

        try
        {
            // Under the lock: start records the pid while holding it, so the server never sees the state from before.
            using var _ = Lock();
            var state = LoadState();
            return state.Running && state.RestServerPid == pid;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // the state file is being replaced: ask again later
        }
    }

    /// <summary>Called by the server once it listens.</summary>
    public void ReportRestServerReady() => File.WriteAllText(RestServerReadyFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
}
