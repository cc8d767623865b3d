using Amphora.Core.SSTables.Verification;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// What must hold when one component of a real SSTable is damaged: the verifier never throws (damage is a problem in the
/// result), finishes, allocates in proportion to the files, and judges a changed Data.db right: with the digest always as
/// damaged, without it exactly when an independent reading of its chunks finds them inconsistent. Each problem's message is fit for a terminal (<see cref="Outcome.CheckMessage"/>).
/// </summary>
public static class VerifierProperties
{
    public static SSTableVerification Check(VerifierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var files = InMemorySSTable.With(input.Set, input.Component, input.Bytes, input.RecordedSize, input.WithoutDigest ? [input.Set.DigestComponent!] : []);
        var inputLength = input.Set.Components.Where(c => c.Key != input.Component).Sum(c => c.Value.Length) + input.Bytes.Length;
        SSTableVerification? result = null;
        BoundedRun.MustNotThrow(inputLength, BoundedRun.VerifierAllocationAllowance, async cancellationToken =>
            result = await SSTableVerifier.VerifyAsync(files, cancellationToken));

        foreach (var problem in result!.Problems)
        {
            Outcome.CheckMessage(problem.Message);
        }

        if (input.Component == "Data.db")
        {
            CheckDataVerdict(input, result!);
        }

        return result!;
    }

    /// <summary>
    /// With the digest, any change to Data.db is found. Without it, only the chunk or slice checks decide, so the verdict
    /// must match an independent check of the chunks: found when they are inconsistent, nothing when they are consistent.
    /// </summary>
    private static void CheckDataVerdict(VerifierInput input, SSTableVerification result)
    {
        if (!input.WithoutDigest)
        {
            if (input.IsDamaged && result.IsValid)
            {
                throw new FuzzPropertyException("Data.db was changed, but the verifier found no problem.");
            }

            return;
        }

        var consistent = IndependentChunkCheck.IsConsistent(input.Set, input.Bytes) && input.RecordedSize == input.Bytes.Length;
        if (result.IsValid != consistent)
        {
            throw new FuzzPropertyException(consistent
                ? $"Data.db's chunks all match, but the verifier reports: {string.Join(" | ", result.Problems)}"
                : "Data.db's chunks do not match its chunk index, but the verifier found no problem.");
        }
    }
}
