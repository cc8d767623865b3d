namespace Amphora.Sandbox.ScyllaApi;

/// <summary>A request Scylla's REST API refuses with <c>{"message": ..., "code": 400}</c> (a bad parameter, an unknown keyspace or table).</summary>
public sealed class ScyllaApiError(string message) : SandboxException(message);
