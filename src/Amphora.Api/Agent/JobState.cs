namespace Amphora.Api.Agent;

/// <summary>Where an agent job is: running, or ended one of three ways.</summary>
public static class JobState
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsEnded(string state) => state is Succeeded or Failed or Cancelled;
}
