using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amphora.Core.Repository;

/// <summary>How repository documents are written: snake_case JSON, ISO-8601 UTC times, nulls left out.</summary>
public static class RepositoryJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static byte[] Serialize<T>(T document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> json, string key) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{key} is empty (JSON null).");

    public static byte[] SerializeCompressed<T>(T document)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, document, Options);
        }

        return buffer.ToArray();
    }

    public static async Task<T> DeserializeCompressedAsync<T>(Stream compressed, string key, CancellationToken cancellationToken)
    {
        var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        await using (gzip.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<T>(gzip, Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{key} is empty (JSON null).");
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new InvalidDataException($"{key} is not a readable manifest: {e.Message}", e);
            }
        }
    }
}
