using System.Security.Cryptography;

namespace Amphora.Core.Repository;

/// <summary>
/// SHA-256 of a file's bytes, as 64 lowercase hex digits: the identity of content in a repository. Collision resistance
/// is what makes deduplication safe (two files share an object only if they are the same bytes); SHA-NI makes it cheap.
/// </summary>
public readonly record struct ContentHash
{
    private ContentHash(string hex) => Hex = hex;

    public string Hex { get; }

    public static ContentHash FromBytes(ReadOnlySpan<byte> digest) =>
        digest.Length == SHA256.HashSizeInBytes
            ? new ContentHash(Convert.ToHexStringLower(digest))
            : throw new ArgumentException($"a SHA-256 digest has {SHA256.HashSizeInBytes} bytes, not {digest.Length}", nameof(digest));

    public static ContentHash Parse(string hex) =>
        TryParse(hex, out var hash) ? hash : throw new InvalidDataException($"'{hex}' is not a content hash (64 lowercase hex digits of SHA-256).");

    public static bool TryParse(string? hex, out ContentHash hash)
    {
        var valid = hex is not null && hex.Length == 2 * SHA256.HashSizeInBytes && hex.All(char.IsAsciiHexDigitLower);
        hash = valid ? new ContentHash(hex!) : default;
        return valid;
    }

    public override string ToString() => Hex;
}
