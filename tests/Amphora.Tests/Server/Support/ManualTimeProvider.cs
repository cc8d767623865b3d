namespace Amphora.Tests.Server.Support;

/// <summary>A clock the test moves by hand, so scheduling decisions never depend on how fast the machine is.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
