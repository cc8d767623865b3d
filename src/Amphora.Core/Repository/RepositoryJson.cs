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
    /// <summary>
    /// 1 GiB, stored or decompressed: the largest document a reader accepts. A manifest of a node with millions of files
    /// stays far below it; a gzip bomb stops here instead of exhausting memory.
    /// </summary>
    public const long MaxDocumentBytes = 1L << 30;

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },

        // Amphora never writes a property twice; a document that has one (which copy wins?) was made by something else.
        AllowDuplicateProperties = false,
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

    /// <summary>
    /// The document under the key, or null when there is none. Anything that does not decode to one whole document (not
    /// gzip, truncated, not JSON, an array or a number, bytes after the JSON, nesting deeper than MaxDepth's default 64
    /// while Amphora's documents nest 5 deep, a property given twice, larger than <see cref="MaxDocumentBytes"/>) throws
    /// one <see cref="InvalidDataException"/> naming the key.
    /// </summary>
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

        var json = compressed
            ? new CappedReadStream(new GzipMemberStream(new CappedReadStream(stream, MaxDocumentBytes, "the object")), MaxDocumentBytes, "its decompressed content")
            : new CappedReadStream(stream, MaxDocumentBytes, "the object");
        await using (json.ConfigureAwait(false))
        {
            try
            {
                var document = await JsonSerializer.DeserializeAsync<T>(json, Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException("it is JSON null, not a document");

                // The serializer reads to the end to refuse trailing bytes; reading once more makes sure the gzip trailer was checked.
                if (await json.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
                {
                    throw new InvalidDataException("it has bytes after the JSON document");
                }

                return document;
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or EndOfStreamException)
            {
                throw new InvalidDataException($"{key} is not a readable Amphora document: {e.Message.TrimEnd('.')}", e);
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
