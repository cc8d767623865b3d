namespace Amphora.Core.SSTables.Verification;

/// <summary>
/// The problems found in one SSTable. Repeated failures of one check (every chunk of a damaged file, every missing
/// component of a hostile TOC) are capped so a report stays readable and bounded; the overflow is counted and reported as
/// one line, under the first component it concerned.
/// </summary>
public sealed class ProblemList
{
    private const int MaxPerCheck = 10;

    private readonly List<SSTableProblem> _problems = [];
    private readonly Dictionary<string, int> _added = [];
    private readonly Dictionary<string, (string FirstComponent, int Count)> _suppressed = [];

    public void Add(string component, string check, string message)
    {
        // Counted per check rather than by scanning the list: a TOC can name thousands of missing components.
        var added = _added.GetValueOrDefault(check);
        if (added < MaxPerCheck)
        {
            _problems.Add(new SSTableProblem(component, check, message));
            _added[check] = added + 1;
        }
        else
        {
            var (first, count) = _suppressed.GetValueOrDefault(check, (component, 0));
            _suppressed[check] = (first, count + 1);
        }
    }

    public IReadOnlyList<SSTableProblem> ToList() =>
        [.. _problems, .. _suppressed.Select(s => new SSTableProblem(s.Value.FirstComponent, s.Key, $"and {s.Value.Count} more like the above"))];
}
