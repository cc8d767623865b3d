using Amphora.Core.SSTables.Verification;
using Xunit.Abstractions;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// The whole offline verifier over real SSTables with one component damaged by the same mutations as the parser fuzzing:
/// a mutated CompressionInfo.db or CRC.db under a valid Data.db (the chunk and slice checkers), a mutated, truncated or
/// extended Data.db under a valid chunk index, and damaged TOC, digest and Statistics files. The verifier must report
/// problems, never throw. Longer campaigns: see <see cref="ParserFuzzTests"/>.
/// </summary>
public sealed class VerifierFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1000;

    [Theory]
    [InlineData("CompressionInfo.db")]
    [InlineData("CRC.db")]
    [InlineData("Data.db")]
    [InlineData("TOC.txt")]
    [InlineData("Digest")]
    [InlineData("Statistics.db")]
    public void Damaged_component(string component) =>
        FuzzCampaign.Run(output, $"verifier with a damaged {component}", FuzzInputs.DamagedComponentOf(component), input => ChecksThatFailed(VerifierProperties.Check(input)), Cases);

    [Fact]
    public void Damaged_data_without_a_digest() =>
        FuzzCampaign.Run(
            output, "verifier with a damaged Data.db and no digest", FuzzInputs.DamagedComponentOf("Data.db", withoutDigest: true),
            input => ChecksThatFailed(VerifierProperties.Check(input)), Cases);

    private static string ChecksThatFailed(SSTableVerification result) =>
        result.IsValid ? "valid" : string.Join(" + ", result.Problems.Select(p => p.Check).Distinct().Order(StringComparer.Ordinal));
}
