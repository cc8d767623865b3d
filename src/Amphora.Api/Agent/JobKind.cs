namespace Amphora.Api.Agent;

public static class JobKind
{
    public const string Backup = "backup";
    public const string Incremental = "incremental";
    public const string CommitLogShip = "commitlog-ship";
    public const string Restore = "restore";
}
