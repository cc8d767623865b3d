namespace Amphora.Api.Server;

/// <summary>Where one node is in a backup run.</summary>
public static class NodeStage
{
    public const string Pending = "pending";
    public const string Snapshotting = "snapshotting";
    public const string Snapshotted = "snapshotted";
    public const string Uploading = "uploading";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
}
