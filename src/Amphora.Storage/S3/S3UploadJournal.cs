using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Amphora.Storage.S3;

/// <summary>
/// What an unfinished multipart upload has stored, kept as a small object beside the data so that the next put of the
/// key can resume it on any S3 server (s3rver, for one, cannot list uploads or their parts). Written when the upload
/// starts and after every part, deleted when the object is complete.
/// </summary>
internal sealed record S3UploadJournal(string Key, string UploadId, long Length, int PartSize, IReadOnlyList<S3UploadJournal.StoredPart> Parts)
{
    private const string Folder = ".amphora-uploads/";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The store key of the journal of a key's upload (hashed: keys may be long and hold any characters).</summary>
    public static string KeyFor(string key) => Folder + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json";

    /// <summary>The journal in the bytes, or null when they are not one (a damaged journal only costs the resume).</summary>
    public static S3UploadJournal? Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<S3UploadJournal>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Options);

    /// <summary>One part the server confirmed: its size, the base64 MD5 of its bytes, and the ETag to complete with.</summary>
    public sealed record StoredPart(int Number, int Size, string Md5, string ETag);
}
