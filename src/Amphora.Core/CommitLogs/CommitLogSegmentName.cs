using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.CommitLogs;

/// <summary>A commit log segment's file name, <c>CommitLog-&lt;version&gt;-&lt;id&gt;.log</c> (CommitLogDescriptor).</summary>
public sealed partial record CommitLogSegmentName(int Version, long Id)
{
    [GeneratedRegex(@"^CommitLog-(\d{1,9})-(\d{1,18})\.log$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public string FileName => $"CommitLog-{Version.ToString(CultureInfo.InvariantCulture)}-{Id.ToString(CultureInfo.InvariantCulture)}.log";

    public static CommitLogSegmentName? TryParse(string fileName)
    {
        var match = Pattern().Match(fileName ?? string.Empty);
        return match.Success
            ? new CommitLogSegmentName(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : null;
    }

    public override string ToString() => FileName;
}
