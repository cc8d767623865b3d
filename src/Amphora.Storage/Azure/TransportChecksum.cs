using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Amphora.Storage.Azure;

/// <summary>The Content-MD5 of request bodies that are not parts (the block list), which the service verifies too.</summary>
internal static class TransportChecksum
{
    [SuppressMessage("Security", "CA5351", Justification = "Content-MD5 is the transport checksum Azure verifies; integrity rests on SHA-256.")]
    public static byte[] Md5(ReadOnlySpan<byte> body) => MD5.HashData(body);
}
