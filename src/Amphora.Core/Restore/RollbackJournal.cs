using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amphora.Core.Restore;

/// <summary>
/// What an in-place restore moved aside and what it placed, written before it moves anything, so that
/// <c>amphora restore rollback</c> can always put the node back: <c>&lt;first data dir&gt;/.amphora-rollback/&lt;id&gt;/rollback.json</c>.
/// </summary>
public sealed record RollbackJournal
{
    public const string FolderName = ".amphora-rollback";
    public const string FileName = "rollback.json";
    public const string FormatName = "amphora-rollback";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string Format { get; init; } = FormatName;

    public int FormatVersion { get; init; } = 1;

    /// <summary>UTC time and backup tag, e.g. <c>20261122T101530Z-nightly</c>: sorts by time, names every rollback folder.</summary>
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Cluster { get; init; }

    public required string Tag { get; init; }

    public required Guid SourceHostId { get; init; }

    public required RollbackState State { get; init; }

    /// <summary>Every rollback folder of this restore (one per data directory, one in the commit log directory).</summary>
    public required IReadOnlyList<string> Folders { get; init; }

    public required IReadOnlyList<FileMove> Moved { get; init; }

    /// <summary>Files the restore puts into the table directories (removed again by a rollback: the backup still has them).</summary>
    public required IReadOnlyList<string> Placed { get; init; }

    [JsonIgnore]
    public string Path => System.IO.Path.Combine(Folders[0], FileName);

    public static string FolderOf(string directory, string id) => System.IO.Path.Combine(directory, FolderName, id);

    public void Save()
    {
        var temporary = Path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    public static RollbackJournal Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var journal = JsonSerializer.Deserialize<RollbackJournal>(stream, Json);
            return journal is { Format: FormatName, Folders.Count: > 0 }
                ? journal
                : throw new InvalidDataException($"{path} is not an Amphora rollback journal.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable rollback journal ({e.Message}); look at it before removing its folder by hand.", e);
        }
    }

    /// <summary>Every journal in the data directories, oldest first.</summary>
    public static IReadOnlyList<RollbackJournal> FindAll(IEnumerable<string> dataDirectories) =>
        dataDirectories
            .Select(d => System.IO.Path.Combine(d, FolderName))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(folder => System.IO.Path.Combine(folder, FileName))
            .Where(File.Exists)
            .Select(Load)
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .ToList();
}

public sealed record FileMove(string From, string To);

public enum RollbackState
{
    /// <summary>Current files are being moved into the rollback folders.</summary>
    MovingAside,

    /// <summary>Restored files are being put into the table directories.</summary>
    Placing,

    /// <summary>The restore finished; the folders hold the node's previous data until cleanup.</summary>
    Restored,
}
