using System.Globalization;
using System.Text;

namespace Amphora.Storage.Azure;

/// <summary>
/// Names a block by its part number and MD5 (base64 of <c>amphora-NNNNN-MD5HEX</c>, always 64 characters, as the service
/// wants every block id of a blob the same length), so a resumed upload knows which uncommitted blocks hold which bytes.
/// </summary>
internal static class BlockId
{
    public static string For(int partNumber, byte[] md5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, AzureLimits.MaximumBlocks);
        var text = string.Create(CultureInfo.InvariantCulture, $"amphora-{partNumber:D5}-{Convert.ToHexStringLower(md5)}");
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text));
    }
}
