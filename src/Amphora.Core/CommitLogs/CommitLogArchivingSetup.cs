using Amphora.Core.IO;

namespace Amphora.Core.CommitLogs;

/// <summary>
/// The archive_command that makes Cassandra hand every finished segment to <c>amphora commitlog archive</c>, and the
/// checks that it will work: Cassandra splits the command on single spaces (no shell, no quoting), and the spool must be
/// on the commit log directory's filesystem for the hard link.
/// </summary>
public sealed class CommitLogArchivingSetup(string commitLogDirectory, string spoolDirectory)
{
    private static readonly string[] ArchiveWords = ["commitlog", "archive", "%path", "%name"];
    private const string SpoolOption = "--spool";

    /// <summary>
    /// The settings that make a start-up restore and replay to a point. Not precision: Cassandra's stock file sets it, and
    /// alone it changes nothing.
    /// </summary>

    public string CommitLogDirectory { get; } = Path.GetFullPath(commitLogDirectory);

    public string SpoolDirectory { get; } = Path.GetFullPath(spoolDirectory);

    /// <summary>The command for the given way of running Amphora (its words, e.g. a dotnet host and amphora.dll).</summary>
    public string ArchiveCommand(IReadOnlyList<string> amphora)
    {
        ArgumentNullException.ThrowIfNull(amphora);
        if (amphora.Count == 0 || amphora.Any(w => w.Length == 0))
        {
            throw new ArgumentException("the Amphora command is empty; give it with --amphora, e.g. --amphora /usr/local/bin/amphora.");
        }

        // The commit log directory too: Cassandra substitutes %path before it splits.
        foreach (var word in amphora.Append(SpoolDirectory).Append(CommitLogDirectory))
        {
            if (word.Contains(' ', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"'{word}' contains a space, and Cassandra splits archive_command on every space (no shell, no quotes): " +
                    "install Amphora, choose the spool and keep the commit log directory at paths without spaces (--amphora, --spool).");
            }
        }

        return string.Join(' ', [.. amphora, .. ArchiveWords, SpoolOption, SpoolDirectory]);
    }

    /// <summary>Throws unless the spool is (or will be, once created) on the commit log directory's filesystem.</summary>
    public void CheckSameFilesystem()
    {
        if (SameFilesystemProblem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    /// <summary>
    /// What keeps the properties from archiving segments into this spool through Amphora (none: ready once Cassandra
    /// restarts). <paramref name="properties"/> is null when the file does not exist.
    /// </summary>
    public IReadOnlyList<string> Check(CommitLogArchivingProperties? properties, string path)
    {
        var problems = new List<string>();
        if (properties is null)
        {
            problems.Add($"{path} does not exist: Cassandra archives no commit log segment; run 'amphora commitlog setup'.");
        }
        else if (properties.ArchiveCommand is not { } command)
        {
            problems.Add($"{path} sets no {CommitLogArchivingProperties.ArchiveCommandKey}: Cassandra archives no commit log segment; run 'amphora commitlog setup'.");
        }
        else
        {
            problems.AddRange(CommandProblems(command, path));
        }

        if (properties is { HasRestoreSettings: true })
        {
            problems.Add(RestoreSettingsWarning(path));
        }

        if (SameFilesystemProblem() is { } filesystem)
        {
            problems.Add(filesystem);
        }

        return problems;
    }

    public static string RestoreSettingsWarning(string path) =>
        $"{path} has restore settings ({string.Join(", ", CommitLogArchivingProperties.RestoreKeys)}): a point-in-time restore is unfinished, " +
        "and the next start-up would replay archived segments again. Finish the restore (amphora restore finish) before restarting the node.";

    private List<string> CommandProblems(string command, string path)
    {
        var words = CommitLogArchivingProperties.CommandArguments(command, new Dictionary<string, string>());
        var at = Enumerable.Range(0, words.Count).FirstOrDefault(i => words.Skip(i).Take(ArchiveWords.Length).SequenceEqual(ArchiveWords), -1);
        if (at <= 0)
        {
            return [$"{path}'s {CommitLogArchivingProperties.ArchiveCommandKey} '{command}' is not Amphora's (<amphora> commitlog archive %path %name --spool DIR): " +
                "segments do not reach the spool; run 'amphora commitlog setup' to replace it."];
        }

        var problems = new List<string>();
        var rest = words.Skip(at + ArchiveWords.Length).ToList();
        var spool = rest is [SpoolOption, var given, ..] ? Path.GetFullPath(given) : SegmentSpool.DefaultFor(CommitLogDirectory);
        if (spool != SpoolDirectory)
        {
            problems.Add($"{path}'s {CommitLogArchivingProperties.ArchiveCommandKey} links segments into {spool}, not into the spool {SpoolDirectory} that ship reads; " +
                "run 'amphora commitlog setup' with the spool you ship from.");
        }

        if (Path.IsPathRooted(words[0]) && !File.Exists(words[0]))
        {
            problems.Add($"{path}'s {CommitLogArchivingProperties.ArchiveCommandKey} runs {words[0]}, which does not exist: every archive would fail and segments pile up in the commit log directory.");
        }

        return problems;
    }

    private string? SameFilesystemProblem()
    {
        var commitLogDevice = UnixFileStatus.DeviceOf(NearestExisting(CommitLogDirectory));
        var spoolDevice = UnixFileStatus.DeviceOf(NearestExisting(SpoolDirectory));
        return commitLogDevice == spoolDevice
            ? null
            : $"the spool {SpoolDirectory} is not on the filesystem of the commit log directory {CommitLogDirectory}: segments cannot be hard-linked into it. " +
              "Choose a spool on that filesystem (the default, <commitlog_directory>/.amphora-archive, is).";
    }

    /// <summary>The path itself or its closest existing ancestor: what it will be created on.</summary>
    private static string NearestExisting(string path)
    {
        var current = path;
        while (!Directory.Exists(current) && Path.GetDirectoryName(current) is { } parent)
        {
            current = parent;
        }

        return current;
    }
}
