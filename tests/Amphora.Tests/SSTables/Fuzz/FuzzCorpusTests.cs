using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// The fuzzing starts from valid inputs only: a seed its parser refuses would make every mutation of it shallow, so each
/// seed must parse as the version it is filed under, and each SSTable the verifier fuzzing damages must verify clean.
/// </summary>
public sealed class FuzzCorpusTests
{
    [Fact]
    public void Every_seed_parses()
    {
        Assert.All(SeedCorpus.FileNames, seed => Assert.Equal(Outcome.Accepted, ParserProperties.FileName(seed.Bytes)));
        Assert.All(SeedCorpus.Tocs, seed => Assert.Equal(Outcome.Accepted, ParserProperties.Toc(seed.Bytes)));
        Assert.All(SeedCorpus.Digests, seed => Assert.Contains(Outcome.Accepted, ParserProperties.Digest(seed.Bytes), StringComparison.Ordinal));
        Assert.All(SeedCorpus.CompressionInfos, seed => Assert.Equal(Outcome.Accepted, ParserProperties.CompressionInfo(seed.Bytes, seed.Version)));
        Assert.All(SeedCorpus.Crcs, seed => Assert.Equal(Outcome.Accepted, ParserProperties.Crc(seed.Bytes)));
        Assert.All(SeedCorpus.Statistics, seed => Assert.Equal(Outcome.Accepted, ParserProperties.Statistics(seed.Bytes, seed.Version)));
    }

    [Fact]
    public void Every_seed_set_has_each_fixture_file_of_its_kind()
    {
        Assert.Equal(7, FixtureCorpus.Sets.Count);
        Assert.Equal(7, SeedCorpus.Tocs.Count(s => s.Origin.EndsWith("TOC.txt", StringComparison.Ordinal)));
        Assert.Equal(7, SeedCorpus.Statistics.Count(s => s.Origin.EndsWith("Statistics.db", StringComparison.Ordinal)));
        Assert.Equal(6, SeedCorpus.CompressionInfos.Count(s => s.Origin.EndsWith("CompressionInfo.db", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_sstable_the_verifier_fuzzing_damages_is_valid_as_it_is()
    {
        Assert.All(SyntheticSSTables.AndFixtures, set =>
        {
            var result = VerifierProperties.Check(new VerifierInput(set, "Data.db", set.Components["Data.db"], set.Components["Data.db"].Length, "none"));
            Assert.True(result.IsValid, $"{set.Directory}: {string.Join("\n", result.Problems)}");
        });
    }

    [Fact]
    public void Synthetic_statistics_carry_the_time_bounds_they_were_written_with()
    {
        foreach (var version in ParserVersions.All)
        {
            var statistics = SSTableStatistics.Parse(SyntheticComponents.Statistics(version, 3), version);
            Assert.Equal((1_700_000_000_000_000, 1_700_000_001_000_000), (statistics.MinTimestamp, statistics.MaxTimestamp));
            Assert.Equal((1_700_000_000_000, 4096), (statistics.CommitLogSegmentId, statistics.CommitLogPosition));
        }
    }
}
