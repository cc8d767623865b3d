namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// The problems found in one SSTable. Repeated failures of one check (every chunk of a damaged file) are capped so a report
/// stays readable and bounded; the overflow is counted and reported as one line.
/// </summary>
public sealed class ProblemList
{
    private const int MaxPerCheck = 10;

    private readonly List<SSTableProblem> _problems = [];
    private readonly Dictionary<(string Component, string Check), int> _added = [];
    private readonly Dictionary<(string Component, string Check), int> _suppressed = [];

    public bool HasAny => _problems.Count > 0;

    public bool Has(string component, string check) => _problems.Any(p => p.Component == component && p.Check == check);

    public void Add(string component, string check, string message)
    {
        // Counted per key rather than by scanning the list: a TOC can name thousands of missing components.
        var added = _added.GetValueOrDefault((component, check));
        if (added < MaxPerCheck)
        {
            _problems.Add(new SSTableProblem(component, check, message));
            _added[(component, check)] = added + 1;
        }
        else
        {
            _suppressed[(component, check)] = _suppressed.GetValueOrDefault((component, check)) + 1;
        }
    }

    public IReadOnlyList<SSTableProblem> ToList() =>
        [.. _problems, .. _suppressed.Select(s => new SSTableProblem(s.Key.Component, s.Key.Check, $"and {s.Value} more like the above"))];
}
