using System.Security.Cryptography;
using System.Text;

namespace Amphora.Api;

/// <summary>
/// The token the agent and the server ask of every request: <c>Authorization: Bearer TOKEN</c>. Both sides are hashed before
/// the constant-time comparison, so neither the token's content nor its length shows in the time a refusal takes.
/// </summary>
public sealed class BearerToken(string token)
{
    /// <summary>The whole answer to a missing, malformed or wrong token: no hint which.</summary>
    public const string Refusal = "unauthorized";

    private const string Scheme = "Bearer ";
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Admits(string? authorizationHeader)
    {
        var header = authorizationHeader ?? string.Empty;
        var presented = header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..] : string.Empty;
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);
    }
}
