using System.Globalization;
using System.Text.RegularExpressions;
using Amphora.Api.Agent;
using Amphora.Tests.Support;

namespace Amphora.Tests.Agent;

/// <summary><c>amphora agent --config FILE</c> as a real process: it says where it listens and what to pin, and stops on SIGTERM.</summary>
public sealed partial class AgentCommandTests
{
    [Fact]
    public async Task The_agent_process_prints_its_address_and_fingerprint_serves_a_pinned_client_and_stops_on_sigterm()
    {
        await using var bench = new AgentBench();
        // The bench writes the config; the in-process agent is stopped so that the process takes the same port and state.
        await bench.StartAsync();
        var port = bench.Host!.BoundTo.Port;
        await bench.StopAsync();

        using var agent = ProcessRunner.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "amphora.dll"), "agent", "--config", bench.ConfigPath]);
        var stderr = agent.StandardError.ReadToEndAsync();
        string? listening, fingerprint;
        try
        {
            listening = await agent.StandardOutput.ReadLineAsync();
            fingerprint = await agent.StandardOutput.ReadLineAsync();
            Assert.Equal($"Amphora agent listening on https://127.0.0.1:{port}", listening);
            var printed = FingerprintLine().Match(fingerprint ?? string.Empty);
            Assert.True(printed.Success, fingerprint);

            using var client = new AgentClient($"127.0.0.1:{port}", AgentBench.Token, AgentPin.Fingerprint(printed.Groups[1].Value));
            Assert.Equal(bench.Backup.HostId(), (await client.NodeAsync(CancellationToken.None)).HostId);
        }
        finally
        {
            await StopAsync(agent, stderr);
        }

        Assert.True(agent.ExitCode == 0, $"exit {agent.ExitCode}: {await stderr}");
    }

    [Fact]
    public void Without_a_token_the_agent_refuses_to_start_and_says_which_key_to_set()
    {
        using var directory = new TempDirectory();
        var config = Path.Combine(directory.Path, "agent.yaml");
        File.WriteAllText(config, "listen: 127.0.0.1:0\nnode: {cassandra_yaml: /etc/cassandra/cassandra.yaml}\n");

        var result = CliBench.Amphora("agent", "--config", config);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no token; set token_file", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string> StopAsync(System.Diagnostics.Process agent, Task<string> stderr)
    {
        if (!agent.HasExited)
        {
            ProcessRunner.Run("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)]);
            await agent.WaitForExitAsync();
        }

        return await stderr;
    }

    [GeneratedRegex("^Certificate SHA-256 fingerprint: ([0-9a-f]{64})$")]
    private static partial Regex FingerprintLine();
}
