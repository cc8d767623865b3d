using System.Globalization;
using System.Text.Json;

namespace Amphora.Storage.Gcs;

/// <summary>The fields of a GCS object resource (JSON API) the store uses.</summary>
internal sealed record GcsObjectResource(string Name, long Size, DateTimeOffset Updated, string? Crc32C, string? Md5Hash)
{
    public static GcsObjectResource Parse(JsonElement json) => new(
        json.GetProperty("name").GetString()!,
        long.Parse(json.GetProperty("size").GetString()!, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(json.GetProperty("updated").GetString()!, CultureInfo.InvariantCulture),
        OptionalString(json, "crc32c"),
        OptionalString(json, "md5Hash"));

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
