using System.Globalization;
using System.Text;
using Amphora.Core.SSTables;
using Amphora.Core.SSTables.Verification;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Inputs that once broke a parser (found by the fuzz campaigns) and hand-written hostile ones (huge counts in tiny files,
/// negative and overflowing lengths, offsets into headers, odd text), each run through the same property checks as the
/// fuzzing, across every layout the parser knows, and held to the refusal they should get (Regressions/*/*.hex).
/// </summary>
public sealed class RegressionCaseTests
{
    public static TheoryData<string> Cases => RegressionCase.All();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Saved_case_keeps_every_property(string path)
    {
        var regression = RegressionCase.Load(path);
        Assert.False(string.IsNullOrWhiteSpace(regression.Why), $"{path} does not say why it matters.");

        var outcomes = Outcomes(regression);

        if (regression.Directive("expect") is { } expected)
        {
            var version = regression.Directive("version");
            foreach (var (layout, outcome) in outcomes.Where(o => version is null || o.Key == version))
            {
                Assert.True(outcome.Contains(expected, StringComparison.Ordinal), $"{regression} read as {layout}: expected '{expected}' in: {outcome}");
            }
        }
    }

    /// <summary>
    /// 64 KiB of distinct names (about 8,700), too many to keep as hex: the duplicate check and the verifier's
    /// missing-component report were quadratic in the name count (0.5 s and 2 s here), now linear. The bounded runs guard
    /// against a hang; each missing name is reported once.
    /// </summary>
    [Fact]
    public void A_64_KiB_TOC_of_distinct_names_is_read_and_verified()
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < TocFile.MaxLength - 16; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i:x}.db\n");
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        Assert.Equal(Outcome.Accepted, ParserProperties.Toc(bytes));

        var result = VerifierProperties.Check(new VerifierInput(FixtureCorpus.Set("nb/input-four"), "TOC.txt", bytes, bytes.Length, "distinct names"));
        // Ten missing components are named, the rest counted in one line, so the report stays bounded.
        var missing = result.Problems.Where(p => p.Check == SSTableChecks.ComponentMissing).ToList();
        Assert.Equal(11, missing.Count);
        Assert.Equal($"and {TocFile.Parse(bytes).Count - 10} more like the above", missing[^1].Message);
    }

    /// <summary>The outcome for each version the bytes were read as (one entry where the version does not matter).</summary>
    private static Dictionary<string, string> Outcomes(RegressionCase regression)
    {
        var bytes = regression.Bytes;
        return regression.Parser switch
        {
            "FileName" => Single(ParserProperties.FileName(bytes)),
            "Toc" => Single(ParserProperties.Toc(bytes)),
            "Digest" => Single(ParserProperties.Digest(bytes)),
            "Crc" => Single(ParserProperties.Crc(bytes)),
            "CompressionInfo" => EveryVersion(version => ParserProperties.CompressionInfo(bytes, version)),
            "Statistics" => EveryVersion(version => ParserProperties.Statistics(bytes, version)),
            "Verifier" => Single(Verify(regression)),
            _ => throw new InvalidDataException($"{regression}: no parser is called '{regression.Parser}'."),
        };
    }

    private static string Verify(RegressionCase regression)
    {
        var set = SyntheticSSTables.Find(regression.Directive("set") ?? throw new InvalidDataException($"{regression}: no '# set:' directive."));
        var component = FuzzInputs.Resolve(set, regression.Directive("component") ?? throw new InvalidDataException($"{regression}: no '# component:' directive."))
            ?? throw new InvalidDataException($"{regression}: {set.Directory} has no such component.");
        var withoutDigest = regression.Directive("drop") switch
        {
            null => false,
            "Digest" => true,
            var other => throw new InvalidDataException($"{regression}: only the digest can be dropped, not '{other}'."),
        };
        var result = VerifierProperties.Check(new VerifierInput(set, component, regression.Bytes, regression.Bytes.Length, "saved", withoutDigest));
        return result.IsValid ? "valid" : string.Join("\n", result.Problems);
    }

    private static Dictionary<string, string> Single(string outcome) => new(StringComparer.Ordinal) { ["any"] = outcome };

    private static Dictionary<string, string> EveryVersion(Func<SSTableVersion, string> parse) =>
        ParserVersions.All.ToDictionary(version => version.Version, parse, StringComparer.Ordinal);
}
