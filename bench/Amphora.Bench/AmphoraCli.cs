namespace Amphora.Bench;

/// <summary>The amphora CLI as operators run it: the built <c>amphora.dll</c>, one real process per command.</summary>
public sealed class AmphoraCli(string dllPath, IReadOnlyDictionary<string, string?> environment)
{
    public string DllPath { get; } = dllPath;

    public Task<MeasuredRun> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProcessMeter.RunAsync("dotnet", new[] { DllPath }.Concat(arguments), cancellationToken, environment);

    public async Task<MeasuredRun> RunCheckedAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await RunAsync(arguments, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
}
