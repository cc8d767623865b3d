namespace Amphora.Core.CommitLogs;

/// <summary>
/// <c>conf/commitlog_archiving.properties</c>, which Cassandra's CommitLogArchiver reads once at start-up: the archive
/// command run on every finished segment and the restore settings used by the next start-up's replay.
/// </summary>
public sealed class CommitLogArchivingProperties
{
    public const string FileName = "commitlog_archiving.properties";
    public const string ArchiveCommandKey = "archive_command";
    public const string RestoreCommandKey = "restore_command";
    public const string RestoreDirectoriesKey = "restore_directories";
    public const string RestorePointInTimeKey = "restore_point_in_time";
    public const string PrecisionKey = "precision";

    /// <summary>
    /// The keys that make a start-up restore and cut replay: what a point-in-time restore sets and <c>amphora restore
    /// finish</c> removes. <c>precision</c> is not one: Cassandra's stock file sets it, and it only names the timestamps' unit.
    /// </summary>
    public static readonly IReadOnlyList<string> RestoreKeys = [RestoreCommandKey, RestoreDirectoriesKey, RestorePointInTimeKey];

    public CommitLogArchivingProperties(JavaPropertiesFile file) => File = file;

    public JavaPropertiesFile File { get; }

    /// <summary>The file beside <c>cassandra.yaml</c>, where Cassandra looks for it.</summary>
    public static string PathBeside(string cassandraYaml) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cassandraYaml))!, FileName);

    public static async Task<CommitLogArchivingProperties> LoadOrEmptyAsync(string path, CancellationToken cancellationToken) =>
        new(System.IO.File.Exists(path) ? await JavaPropertiesFile.LoadAsync(path, cancellationToken).ConfigureAwait(false) : JavaPropertiesFile.Empty());

    public string? ArchiveCommand => NonEmpty(File.Get(ArchiveCommandKey));

    public string? RestoreCommand => NonEmpty(File.Get(RestoreCommandKey));

    /// <summary>Comma-separated, as CommitLogArchiver splits them.</summary>
    public IReadOnlyList<string> RestoreDirectories =>
        NonEmpty(File.Get(RestoreDirectoriesKey))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Null when unset: Cassandra then replays everything (Long.MAX_VALUE).</summary>
    public PointInTime? RestorePointInTime =>
        NonEmpty(File.Get(RestorePointInTimeKey)) is { } text ? PointInTime.ParseProperty(text) : null;

    public TimestampPrecision Precision => TimestampPrecisions.Parse(File.Get(PrecisionKey));

    /// <summary>Whether any restore setting is present: the next start-up would restore archived segments or stop replay at a point.</summary>
    public bool HasRestoreSettings => RestoreKeys.Any(k => NonEmpty(File.Get(k)) is not null);

    /// <summary>
    /// Splits a command as CommitLogArchiver does (Java's <c>cmd.split(" ")</c>, no shell) after substituting its
    /// placeholders: a doubled space makes an empty argument and trailing spaces are dropped, as in Java.
    /// </summary>
    public static IReadOnlyList<string> CommandArguments(string command, IReadOnlyDictionary<string, string> placeholders)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(placeholders);
        var text = command;
        foreach (var (placeholder, value) in placeholders)
        {
            text = text.Replace(placeholder, value, StringComparison.Ordinal);
        }

        var pieces = text.Split(' ').ToList();
        while (pieces.Count > 0 && pieces[^1].Length == 0)
        {
            pieces.RemoveAt(pieces.Count - 1);
        }

        return pieces;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
