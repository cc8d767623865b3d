using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amphora.Storage;

namespace Amphora.Core.Repository;

/// <summary>
/// How repository documents are written and read: snake_case JSON, ISO-8601 UTC times, nulls left out; manifests gzipped.
/// </summary>
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

    /// <summary>Stores the document under the key (atomic and durable, as every put).</summary>
    public static async Task PutAsync<T>(IObjectStore store, string key, T document, bool compressed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var body = UploadSource.FromBytes(compressed ? SerializeCompressed(document) : Serialize(document));
        await store.PutAsync(key, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the document unless an object has the key; false when one does.</summary>
    public static async Task<bool> PutIfAbsentAsync<T>(IObjectStore store, string key, T document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var body = UploadSource.FromBytes(Serialize(document));
        return await store.PutIfAbsentAsync(key, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The document under the key, or null when there is none; unreadable JSON names the key.</summary>
    public static async Task<T?> ReadAsync<T>(IObjectStore store, string key, bool compressed, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        var json = compressed ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        await using (json.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync<T>(json, Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{key} is empty (JSON null).");
            }
            catch (Exception e) when (e is JsonException or InvalidDataException)
            {
                throw new InvalidDataException($"{key} is not a readable Amphora document: {e.Message}", e);
            }
        }
    }

    private static byte[] SerializeCompressed<T>(T document)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, document, Options);
        }

        return buffer.ToArray();
    }
}
