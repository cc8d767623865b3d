using Amphora.Core.SSTables;
using FsCheck;
using FsCheck.Fluent;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// FsCheck generators of malformed inputs: a valid seed, a number of mutations growing with FsCheck's size, and a version
/// (component parsers) or a recorded size (the verifier).
/// </summary>
public static class FuzzInputs
{
    /// <summary>At most this many mutations are stacked on one seed (at FsCheck's largest size).</summary>
    private const int MaxSteps = 12;

    /// <param name="seeds">Valid inputs to start from.</param>
    /// <param name="repair">
    /// Optional: rewrites the checksums a version's layout carries after mutation, for half of the inputs, so that the
    /// checks behind the checksums see damaged input too.
    /// </param>
    public static Arbitrary<FuzzInput> MutationsOf(IReadOnlyList<FuzzSeed> seeds, Func<byte[], SSTableVersion, byte[]>? repair = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var donors = seeds.Select(s => s.Bytes).ToArray();
        var inputs =
            from seed in Gen.Elements<FuzzSeed>(seeds)
            from otherVersion in Gen.Frequency((4, Gen.Constant<SSTableVersion?>(null)), (1, Gen.Elements<SSTableVersion>(ParserVersions.All).Select(v => (SSTableVersion?)v)))
            from steps in Gen.Sized(size => Gen.Choose(0, 1 + (size * (MaxSteps - 1) / 100)))
            from mutationSeed in Gen.Choose(0, int.MaxValue)
            from repaired in Gen.Elements(repair is not null, false)
            select Mutate(seed, otherVersion ?? seed.Version, steps, mutationSeed, donors, repaired ? repair : null);
        return Arb.From(inputs, input => input.Shrink());
    }

    /// <summary>A real SSTable with <paramref name="component"/> ("Digest" for whichever digest the set has) damaged.</summary>
    /// <param name="component">The component to damage.</param>
    /// <param name="withoutDigest">Leave the digest out, so that the chunk or slice checks alone must notice.</param>
    public static Arbitrary<VerifierInput> DamagedComponentOf(string component, bool withoutDigest = false)
    {
        var sets = SyntheticSSTables.AndFixtures.Where(set => Resolve(set, component) is not null).ToArray();
        var donors = sets.Select(set => set.Components[Resolve(set, component)!]).ToArray();
        var inputs =
            from set in Gen.Elements<FixtureSSTable>(sets)
            from steps in Gen.Sized(size => Gen.Choose(1, 1 + (size * (MaxSteps - 1) / 100)))
            from mutationSeed in Gen.Choose(0, int.MaxValue)
            from sizeError in Gen.Frequency((10, Gen.Constant(0)), (1, Gen.Elements(-1, 1)))
            select Damage(set, Resolve(set, component)!, steps, mutationSeed, sizeError, donors) with { WithoutDigest = withoutDigest };
        return Arb.From(inputs, input => input.Shrink());
    }

    public static string? Resolve(FixtureSSTable set, string component)
    {
        ArgumentNullException.ThrowIfNull(set);
        return component == "Digest" ? set.DigestComponent : set.Components.ContainsKey(component) ? component : null;
    }

    private static VerifierInput Damage(FixtureSSTable set, string component, int steps, int mutationSeed, int sizeError, byte[][] donors)
    {
        var (bytes, log) = new ByteMutator(new Random(mutationSeed), donors).Mutate(set.Components[component], steps);
        return new VerifierInput(set, component, bytes, Math.Max(0, bytes.Length + sizeError), $"{steps} mutations from seed {mutationSeed}: {log}");
    }

    private static FuzzInput Mutate(
        FuzzSeed seed, SSTableVersion version, int steps, int mutationSeed, byte[][] donors, Func<byte[], SSTableVersion, byte[]>? repair)
    {
        var (bytes, log) = new ByteMutator(new Random(mutationSeed), donors).Mutate(seed.Bytes, steps);
        return repair is null
            ? new FuzzInput(seed.Origin, version, bytes, $"{steps} mutations from seed {mutationSeed}: {log}")
            : new FuzzInput(seed.Origin, version, repair(bytes, version), $"{steps} mutations from seed {mutationSeed}: {log}, checksums rewritten");
    }
}
