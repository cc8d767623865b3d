using Xunit.Abstractions;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Property-based fuzzing (FsCheck) of the SSTable component parsers with mutated real and synthetic files: a parser may
/// refuse an input only with SSTableFormatException, must finish, and must allocate in proportion to the input. A failure
/// prints the shrunk input's hex; fix the parser and save it under Regressions/&lt;parser&gt;/ (see RegressionCaseTests).
/// <para>
/// A longer campaign, e.g. a million cases per parser from a fresh seed:
/// <c>AMPHORA_FUZZ_CASES=1000000 AMPHORA_FUZZ_SEED=$RANDOM dotnet test tests/Amphora.Tests -c Release --filter "FullyQualifiedName~Fuzz" --logger "console;verbosity=detailed"</c>.
/// Each test prints the seed and case count it ran; the same seed and count give the same inputs again.
/// </para>
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 3000;

    [Fact]
    public void File_names() =>
        FuzzCampaign.Run(output, "file names", FuzzInputs.MutationsOf(SeedCorpus.FileNames), input => ParserProperties.FileName(input.Bytes), Cases);

    [Fact]
    public void TOC() =>
        FuzzCampaign.Run(output, "TOC.txt", FuzzInputs.MutationsOf(SeedCorpus.Tocs), input => ParserProperties.Toc(input.Bytes), Cases);

    [Fact]
    public void Digest() =>
        FuzzCampaign.Run(output, "Digest", FuzzInputs.MutationsOf(SeedCorpus.Digests), input => ParserProperties.Digest(input.Bytes), Cases);

    [Fact]
    public void CompressionInfo() =>
        FuzzCampaign.Run(
            output, "CompressionInfo.db", FuzzInputs.MutationsOf(SeedCorpus.CompressionInfos), input => ParserProperties.CompressionInfo(input.Bytes, input.Version), Cases);

    [Fact]
    public void CRC() =>
        FuzzCampaign.Run(output, "CRC.db", FuzzInputs.MutationsOf(SeedCorpus.Crcs), input => ParserProperties.Crc(input.Bytes), Cases);

    [Fact]
    public void Statistics() =>
        FuzzCampaign.Run(
            output, "Statistics.db", FuzzInputs.MutationsOf(SeedCorpus.Statistics, RepairStatistics), input => ParserProperties.Statistics(input.Bytes, input.Version), Cases);

    private static byte[] RepairStatistics(byte[] bytes, Core.SSTables.SSTableVersion version) =>
        version.StatisticsHasChecksums ? StatisticsChecksums.Repair(bytes) : bytes;
}
