using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>A valid input the fuzzer starts from, and the version it is read as.</summary>
public sealed record FuzzSeed(string Origin, SSTableVersion Version, byte[] Bytes)
{
    public override string ToString() => $"{Origin} ({Bytes.Length} bytes)";
}
