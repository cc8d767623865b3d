using System.ComponentModel;
using Amphora.Nodes;

namespace Amphora.Core.Restore.Schema;

/// <summary>
/// Runs the configured command that applies a schema file, <c>cqlsh -f {file}</c> by default: the template is split into
/// words like a shell would (quotes honoured) but run without one, so nothing in it or in the path is interpreted.
/// <c>{file}</c> in any word becomes the file's path; a template without it gets the path as its last argument.
/// </summary>
public sealed class SchemaCommandRunner
{
    public const string DefaultTemplate = "cqlsh -f {file}";

    /// <summary>Output kept for the result and messages (half per stream); cqlsh prints little, a runaway command must not fill memory.</summary>
    private const int MaxOutputChars = 1 << 20;

    private readonly IReadOnlyList<string> _template;

    public SchemaCommandRunner(string? template = null)
    {
        Template = string.IsNullOrWhiteSpace(template) ? DefaultTemplate : template;
        _template = CommandLineSplitter.Split(Template);
        if (_template.Count == 0)
        {
            throw new ArgumentException($"the CQL command '{Template}' is empty; give one such as --cql-command \"cqlsh -u admin 10.0.0.5 -f {{file}}\".");
        }
    }

    public string Template { get; }

    /// <summary>The words run for the file: program first.</summary>
    public IReadOnlyList<string> CommandLine(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var words = _template.Select(w => w.Replace("{file}", file, StringComparison.Ordinal)).ToList();
        if (!_template.Any(w => w.Contains("{file}", StringComparison.Ordinal)))
        {
            words.Add(file);
        }

        return words;
    }

    /// <summary>
    /// Runs the command on the file and returns what it did. A non-zero exit throws <see cref="SchemaCommandException"/>;
    /// a program that cannot be started throws <see cref="FileNotFoundException"/>; cancelling kills the process tree.
    /// </summary>
    public async Task<SchemaCommandResult> RunAsync(string file, CancellationToken cancellationToken)
    {
        var words = CommandLine(file);
        ExternalCommand.Result run;
        try
        {
            run = await ExternalCommand.RunAsync(words, cancellationToken, MaxOutputChars / 2).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException(
                $"cannot run '{words[0]}' (from the CQL command '{Mask(_template)}'): {e.Message}. Install it or give its full path, " +
                "e.g. --cql-command \"/opt/cassandra/bin/cqlsh 10.0.0.5 -f {file}\".", words[0], e);
        }

        var result = new SchemaCommandResult(Mask(words), run.ExitCode, run.StandardError + run.StandardOutput);
        return result.ExitCode == 0 ? result : throw new SchemaCommandException(result);
    }

    /// <summary>The command line run for the file, for messages: passwords masked.</summary>
    public string Describe(string file) => Mask(CommandLine(file));

    /// <summary>The words for messages, with password values masked (cqlsh -p / --password).</summary>
    private static string Mask(IEnumerable<string> words)
    {
        var shown = new List<string>();
        var maskNext = false;
        foreach (var word in words)
        {
            shown.Add(maskNext ? "***" : word.StartsWith("--password=", StringComparison.Ordinal) ? "--password=***" : word);
            maskNext = word is "-p" or "--password";
        }

        return string.Join(' ', shown);
    }
}
