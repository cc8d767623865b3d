namespace Amphora.Sandbox;

/// <summary>An operation the sandbox refuses, with a message meant for the person who asked for it.</summary>
public class SandboxException(string message) : Exception(message);

/// <summary>The node is stopped: it answers nothing, as a real node whose JMX/CQL ports are closed.</summary>
public sealed class NodeDownException(string address, int port)
    : SandboxException($"Failed to connect to '{address}:{port}' - ConnectException: 'Connection refused'.")
{
    public string Address { get; } = address;

    public int Port { get; } = port;
}
