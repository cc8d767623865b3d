using System.ComponentModel;
using Amphora.Core.CommitLogs;
using Amphora.Nodes;

namespace Amphora.Sandbox.CommitLog;

/// <summary>
/// Cassandra's CommitLogArchiver: the settings start-up read from <c>conf/commitlog_archiving.properties</c> (changes
/// need a restart), the archive command run on finished segments and the restore of archived segments before replay.
/// Commands run as Cassandra runs them: split on single spaces after placeholder substitution, no shell, stdin closed.
/// </summary>
public sealed class CommitLogArchiver
{
    // Command output goes to the node's log in Cassandra; the sandbox node has none, so it is read and dropped.
    private const int MaxOutputChars = 64 * 1024;

    private CommitLogArchiver(CommitLogArchivingProperties properties, string path)
    {
        Path = path;
        ArchiveCommand = properties.ArchiveCommand;
        RestoreCommand = properties.RestoreCommand;
        RestoreDirectories = properties.RestoreDirectories;
        RestorePointInTime = properties.RestorePointInTime;
        Precision = properties.Precision;
    }

    public string Path { get; }

    public string? ArchiveCommand { get; }

    public string? RestoreCommand { get; }

    public IReadOnlyList<string> RestoreDirectories { get; }

    public PointInTime? RestorePointInTime { get; }

    public TimestampPrecision Precision { get; }

    /// <summary>
    /// Reads the file beside <paramref name="cassandraYaml"/> (none means no archiving). A value Cassandra would refuse
    /// fails start-up; restore_directories are created when missing, as CommitLogArchiver does.
    /// </summary>
    public static CommitLogArchiver Load(string cassandraYaml)
    {
        var path = CommitLogArchivingProperties.PathBeside(cassandraYaml);
        var file = File.Exists(path) ? JavaPropertiesFile.Parse(File.ReadAllText(path)) : JavaPropertiesFile.Empty();
        CommitLogArchiver archiver;
        try
        {
            archiver = new CommitLogArchiver(new CommitLogArchivingProperties(file), path);
        }
        catch (FormatException e)
        {
            throw new SandboxException($"Cannot start: {path} is invalid ({e.Message}) Fix or remove the setting and start again.");
        }

        foreach (var directory in archiver.RestoreDirectories)
        {
            try
            {
                System.IO.Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SandboxException($"Cannot start: unable to create restore directory {directory} named in {path}: {e.Message}");
            }
        }

        return archiver;
    }

    /// <summary>
    /// Runs archive_command for one segment (<c>%path</c> full path, <c>%name</c> file name); false when it exits
    /// non-zero or cannot start, in which case the segment must be kept.
    /// </summary>
    public static bool TryArchive(string archiveCommand, string segmentPath) =>
        TryRun(archiveCommand, new Dictionary<string, string>
        {
            ["%path"] = segmentPath,
            ["%name"] = System.IO.Path.GetFileName(segmentPath),
        }, out _);

    /// <summary>
    /// maybeRestoreArchive: every file in restore_directories must be a segment whose header matches its name; one
    /// already in the commit log directory is skipped, the others are copied in with restore_command. Any problem
    /// fails start-up. Returns the file names restored.
    /// </summary>
    public IReadOnlyList<string> RestoreInto(string commitLogDirectory)
    {
        var restored = new List<string>();
        foreach (var directory in RestoreDirectories)
        {
            foreach (var from in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                var name = CheckedSegmentName(from);
                var to = System.IO.Path.Combine(commitLogDirectory, name.FileName);
                if (File.Exists(to))
                {
                    continue;
                }

                if (RestoreCommand is null)
                {
                    throw new SandboxException(
                        $"Cannot start: restore_directories holds {from} but restore_command is empty in {Path}; set restore_command (e.g. /bin/cp -f %from %to).");
                }

                if (!TryRun(RestoreCommand, new Dictionary<string, string> { ["%from"] = from, ["%to"] = to }, out var failure))
                {
                    throw new SandboxException($"Cannot start: restore_command failed for {from}: {failure}");
                }

                restored.Add(name.FileName);
            }
        }

        return restored;
    }

    /// <summary>pointInTimeExceeded: the mutation's newest timestamp, in the configured precision, is past the restore point.</summary>
    public bool PointInTimeExceeded(long maxTimestamp) =>
        RestorePointInTime is { } target && Precision.ToMicroseconds(maxTimestamp) > target.Microseconds;

    /// <summary>CASSANDRA-9195: a truncation after the restore point is undone so that the data before the point comes back.</summary>
    public bool TruncationAfterRestorePoint(TruncationRecord truncation) =>
        RestorePointInTime is { } target && TimestampPrecision.Milliseconds.ToMicroseconds(truncation.TruncatedAtMs) > target.Microseconds;

    private static CommitLogSegmentName CheckedSegmentName(string path)
    {
        var fromName = CommitLogSegmentName.TryParse(System.IO.Path.GetFileName(path));
        var fromHeader = CommitLogSegment.ReadHeader(path);
        if (fromName is null)
        {
            throw new SandboxException(fromHeader is null
                ? $"Cannot safely construct descriptor for segment, either from its name or its header: {path}"
                : $"Cannot safely construct descriptor for segment, as its name is not CommitLog-<version>-<id>.log: {path}");
        }

        if (fromHeader is not { } header)
        {
            throw new SandboxException(
                $"Cannot safely construct descriptor for segment, as name descriptor implies a version that should contain a header descriptor, but that descriptor could not be read: {path}");
        }

        if (header.Version != fromName.Version || header.Id != fromName.Id)
        {
            throw new SandboxException(
                $"Cannot safely construct descriptor for segment, as name and header descriptors do not match ({new CommitLogSegmentName(header.Version, header.Id)} vs {fromName}): {path}");
        }

        return fromName;
    }

    private static bool TryRun(string command, IReadOnlyDictionary<string, string> placeholders, out string failure)
    {
        var words = CommitLogArchivingProperties.CommandArguments(command, placeholders);
        try
        {
            var result = ExternalCommand.RunAsync(words, CancellationToken.None, MaxOutputChars).GetAwaiter().GetResult();
            failure = result.ExitCode == 0 ? string.Empty : $"'{string.Join(' ', words)}' exited {result.ExitCode}: {result.Output}";
            return result.ExitCode == 0;
        }
        catch (Win32Exception e)
        {
            failure = $"'{string.Join(' ', words)}' could not start: {e.Message}";
            return false;
        }
    }
}
