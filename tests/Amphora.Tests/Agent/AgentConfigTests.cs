using Amphora.Agent;
using Amphora.Tests.Support;

namespace Amphora.Tests.Agent;

/// <summary>A bad agent config is refused before anything listens, naming the key and what to do.</summary>
public sealed class AgentConfigTests
{
    [Theory]
    [InlineData("node: {cassandra_yaml: /etc/cassandra/cassandra.yaml}", "no token; set token_file")]
    [InlineData("token: short-token\nnode: {cassandra_yaml: /c.yaml}", "the token has 11 characters; use at least 16")]
    [InlineData("token: 0123456789abcdef0\nlisten: 5090\nnode: {cassandra_yaml: /c.yaml}", "listen '5090' is not ADDRESS:PORT")]
    [InlineData("token: 0123456789abcdef0", "node needs cassandra_yaml")]
    [InlineData("token: 0123456789abcdef0\ntls: {certificate_file: a.pem}\nnode: {cassandra_yaml: /c.yaml}", "tls needs both certificate_file and key_file")]
    [InlineData("token: 0123456789abcdef0\ntoken_file: t\nnode: {cassandra_yaml: /c.yaml}", "either token or token_file, not both")]
    [InlineData("tokn: 0123456789abcdef0", "is not valid")]
    public void A_bad_config_is_refused_with_a_message_naming_the_key(string yaml, string expected)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "agent.yaml");
        File.WriteAllText(path, yaml);

        var error = Assert.ThrowsAny<Exception>(() => AgentConfig.Load(path, _ => null));
        Assert.IsType<InvalidDataException>(error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_file_and_relative_paths_are_read_beside_the_config()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "token"), "  0123456789abcdef0123\n");
        var path = Path.Combine(directory.Path, "agent.yaml");
        File.WriteAllText(path, "listen: 127.0.0.1:0\ntoken_file: token\nstate_directory: state\nnode: {cassandra_yaml: conf/cassandra.yaml}\nstorage: {rate_limit_mib: 5}\n");

        var config = AgentConfig.Load(path, _ => null);

        Assert.Equal("0123456789abcdef0123", config.Token);
        Assert.Equal(Path.Combine(directory.Path, "state"), config.StateDirectory);
        Assert.Equal(Path.Combine(directory.Path, "conf", "cassandra.yaml"), config.Node.CassandraYaml);
        Assert.Equal(5, config.Storage.RateLimitMebibytesPerSecond);
        Assert.Equal(0, config.Listen.Port);
    }
}
