using System.Globalization;
using System.Text;
using System.Text.Json;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox.Snapshots;

/// <summary>
/// A snapshot's manifest.json as each Cassandra version writes it. 4.1: one line, Jackson with epoch-second
/// timestamps (<c>{"files":[...],"created_at":1700000000.123000000,"expires_at":null}</c>); 5.0: pretty-printed
/// with ISO instants and an <c>ephemeral</c> flag.
/// </summary>
public static class SnapshotManifest
{
    public const string FileName = "manifest.json";

    public static string Render(SSTableFormat format, IEnumerable<string> dataFiles, DateTimeOffset createdAt)
    {
        var files = dataFiles.Select(f => JsonSerializer.Serialize(f)).ToList();
        if (!format.IsCassandra50)
        {
            var seconds = createdAt.ToUnixTimeMilliseconds() / 1000.0m;
            var created = seconds.ToString("0.000000000", CultureInfo.InvariantCulture);
            return $"{{\"files\":[{string.Join(",", files)}],\"created_at\":{created},\"expires_at\":null}}";
        }

        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"files\" : [ ").Append(files.Count == 0 ? string.Empty : string.Join(", ", files) + " ").Append("],\n");
        text.Append("  \"created_at\" : \"").Append(createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append("\",\n");
        text.Append("  \"expires_at\" : null,\n");
        text.Append("  \"ephemeral\" : false\n");
        text.Append('}');
        return text.ToString();
    }

    /// <summary>Reads created_at back from either layout, for listsnapshots; null when the manifest has none.</summary>
    public static DateTimeOffset? ReadCreatedAt(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("created_at", out var created))
        {
            return null;
        }

        return created.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)(created.GetDecimal() * 1000)),
            JsonValueKind.String => DateTimeOffset.Parse(created.GetString()!, CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
