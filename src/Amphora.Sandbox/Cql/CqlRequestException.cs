namespace Amphora.Sandbox.Cql;

/// <summary>
/// An error a Cassandra node answers a CQL request with, as the Python driver names and renders it for cqlsh:
/// <c>InvalidRequest: Error from server: code=2200 [Invalid query] message="..."</c>,
/// <c>AlreadyExists: Table 'ks.t' already exists</c>, <c>ConfigurationException: ...</c>, <c>SyntaxException: ...</c>.
/// </summary>
public sealed class CqlRequestException(string driverClass, string message) : SandboxException(message)
{
    /// <summary>The driver's exception class name cqlsh prints before the message.</summary>
    public string DriverClass { get; } = driverClass;

    /// <summary>What cqlsh prints for the error (without its <c>FILE:LINE:</c> prefix).</summary>
    public string Rendered => $"{DriverClass}: {Message}";

    /// <summary>Code 0x2200: the driver's InvalidRequest with the server's message quoted.</summary>
    public static CqlRequestException Invalid(string serverMessage) =>
        new("InvalidRequest", $"Error from server: code=2200 [Invalid query] message=\"{serverMessage}\"");

    /// <summary>Code 0x2400: the driver builds its own message from the keyspace and table.</summary>
    public static CqlRequestException AlreadyExists(string keyspace, string? table = null) =>
        new("AlreadyExists", table is null ? $"Keyspace '{keyspace}' already exists" : $"Table '{keyspace}.{table}' already exists");

    /// <summary>Code 0x2300: the driver prints the class of the protocol error and the server's message.</summary>
    public static CqlRequestException Configuration(string serverMessage) => new("ConfigurationException", serverMessage);

    /// <summary>Code 0x2000.</summary>
    public static CqlRequestException Syntax(string serverMessage) => new("SyntaxException", serverMessage);
}
