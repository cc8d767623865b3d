namespace Amphora.Bench.Report;

/// <summary>One line of the results: what was measured, Amphora's figure, the baseline's, their ratio and the target.</summary>
public sealed record ResultRow(string Id, string Measurement, string Amphora, string Baseline, string Ratio, string Target, bool? Met)
{
    public string Verdict => Met switch { true => "met", false => "MISSED", null => "" };
}
