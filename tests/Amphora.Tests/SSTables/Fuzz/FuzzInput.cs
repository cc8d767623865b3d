using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// One generated input for a component parser: the bytes, the version they are read as, and where they came from. Its
/// text is what FsCheck prints for a failing case, so it carries the full hex needed for a regression file.
/// </summary>
public sealed record FuzzInput(string Origin, SSTableVersion Version, byte[] Bytes, string Mutations)
{
    public override string ToString() =>
        $"{Origin} read as {Version.Version}-{Version.Format} after [{Mutations}]: {Bytes.Length} bytes {Convert.ToHexStringLower(Bytes)}";

    /// <summary>Smaller inputs of the same kind, for FsCheck to find a minimal failing case.</summary>
    public IEnumerable<FuzzInput> Shrink() =>
        ByteShrinker.Smaller(Bytes).Select(smaller => this with { Bytes = smaller, Mutations = Mutations.EndsWith(", shrunk", StringComparison.Ordinal) ? Mutations : Mutations + ", shrunk" });
}
