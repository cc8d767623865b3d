namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// One real SSTable with one component's bytes (and maybe its recorded size) replaced, and maybe its digest left out (the
/// digest covers all of Data.db, so only without it do the chunk and slice checks alone decide): a verifier fuzz case.
/// </summary>
public sealed record VerifierInput(FixtureSSTable Set, string Component, byte[] Bytes, long RecordedSize, string Mutations, bool WithoutDigest = false)
{
    /// <summary>Whether the bytes differ from the real component's.</summary>
    public bool IsDamaged => !Bytes.AsSpan().SequenceEqual(Set.Components[Component]);

    public override string ToString() =>
        $"{Set.Directory}/{Set.Prefix}{Component}{(WithoutDigest ? " without a digest" : string.Empty)} recorded as {RecordedSize} bytes after [{Mutations}]: {Bytes.Length} bytes {Convert.ToHexStringLower(Bytes)}";

    public IEnumerable<VerifierInput> Shrink() =>
        ByteShrinker.Smaller(Bytes).Select(smaller => this with { Bytes = smaller, RecordedSize = smaller.Length + (RecordedSize - Bytes.Length) });
}
