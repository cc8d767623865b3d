using System.Text;
using Amphora.Core.SSTables.Verification;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>An SSTable whose components are byte arrays: the verifier reads them through MemoryStreams, no files involved.</summary>
public static class InMemorySSTable
{
    /// <summary>
    /// The fixture set with <paramref name="component"/> replaced by <paramref name="bytes"/>, recorded as
    /// <paramref name="recordedSize"/> bytes (a listing or manifest can disagree with what a read returns), and without the
    /// components named in <paramref name="leftOut"/>.
    /// </summary>
    public static SSTableFiles With(FixtureSSTable set, string component, byte[] bytes, long recordedSize, params string[] leftOut)
    {
        ArgumentNullException.ThrowIfNull(set);
        var sources = new Dictionary<string, SSTableComponentSource>(StringComparer.Ordinal);
        foreach (var (name, original) in set.Components.Where(c => !leftOut.Contains(c.Key)))
        {
            var kept = name == "TOC.txt" && leftOut.Length > 0 ? Unlisted(original, leftOut) : original;
            sources[name] = name == component ? Source(bytes, recordedSize) : Source(kept, kept.Length);
        }

        return new SSTableFiles(set.Prefix, set.Name, sources);
    }

    /// <summary>The TOC without the left-out components, so that leaving one out is not itself a problem.</summary>
    private static byte[] Unlisted(byte[] toc, string[] leftOut) =>
        Encoding.UTF8.GetBytes(string.Concat(Encoding.UTF8.GetString(toc).Split('\n').Where(line => line.Length > 0 && !leftOut.Contains(line)).Select(line => line + "\n")));

    private static SSTableComponentSource Source(byte[] bytes, long recordedSize) =>
        new(recordedSize, _ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)));
}
