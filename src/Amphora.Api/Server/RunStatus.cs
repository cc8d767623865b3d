namespace Amphora.Api.Server;

public static class RunStatus
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Running, Stopped, Succeeded, Failed];
}
