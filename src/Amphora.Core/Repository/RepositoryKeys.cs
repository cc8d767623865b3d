using System.Globalization;
using System.Text;

namespace Amphora.Core.Repository;

/// <summary>
/// Every object key of the repository format (docs/repository-format.md). Cluster names may hold any character, so they are
/// percent-encoded into one key segment; tags and host ids are restricted to key-safe characters already.
/// </summary>
public static class RepositoryKeys
{
    public const string Descriptor = "amphora-repository.json";
    public const string ContentPrefix = "content/";
    public const string IndexPrefix = "index/";
    public const string BackupsPrefix = "backups/";
    public const string LocksPrefix = "locks/";
    public const string ManifestName = "manifest.json.gz";

    public static string Content(ContentHash hash) => $"{ContentPrefix}{hash.Hex[..2]}/{hash.Hex}";

    /// <summary>The content key for a manifest's hash text; throws <see cref="InvalidDataException"/> when it is no hash.</summary>
    public static string Content(string hash) => Content(ContentHash.Parse(hash));

    public static string NodeIndexPrefix(string cluster, string tag, Guid hostId) => $"{IndexPrefix}{Segment(cluster)}/{tag}/{hostId:D}/";

    public static string Manifest(string cluster, string tag, Guid hostId) => $"{BackupsPrefix}{Segment(cluster)}/{tag}/{hostId:D}/{ManifestName}";

    /// <summary>Splits a key made by <see cref="Manifest"/>; the cluster stays percent-encoded, as <see cref="Segment"/> made it.</summary>
    public static bool TryParseManifest(string key, out string clusterSegment, out string tag, out Guid hostId)
    {
        ArgumentNullException.ThrowIfNull(key);
        (clusterSegment, tag, hostId) = (string.Empty, string.Empty, Guid.Empty);
        var parts = key.Split('/');
        if (parts.Length != 5 || parts[0] + "/" != BackupsPrefix || parts[4] != ManifestName
            || !Guid.TryParseExact(parts[3], "D", out var parsed) || parts[3] != parsed.ToString("D"))
        {
            return false;
        }

        (clusterSegment, tag, hostId) = (parts[1], parts[2], parsed);
        return true;
    }

    public static string Lock(string id) => $"{LocksPrefix}{id}.json";

    /// <summary>Percent-encodes everything but ASCII letters, digits, '_' and '-' (so '.', '/' and spaces cannot split keys).</summary>
    public static string Segment(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    public static string DecodeSegment(string segment) => Uri.UnescapeDataString(segment);
}
