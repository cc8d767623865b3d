namespace Amphora.Sandbox.Nodetool;

/// <summary>One nodetool command's grammar: its options (name aliases, whether they take a value) and positional arguments.</summary>
public sealed record NodetoolCommandSpec(string Name, IReadOnlyList<NodetoolOption> Options);

public sealed record NodetoolOption(string Title, bool TakesValue, params string[] Names);

/// <summary>A parsed nodetool command line: global connection options, the command, its options and arguments.</summary>
public sealed class NodetoolCommandLine
{
    public static readonly IReadOnlyList<NodetoolOption> GlobalOptions =
    [
        new("host", true, "-h", "--host"),
        new("port", true, "-p", "--port"),
        new("username", true, "-u", "--username"),
        new("password", true, "-pw", "--password"),
        new("passwordFilePath", true, "-pwf", "--password-file"),
        new("printPort", false, "-pp", "--print-port"),
    ];

    public string? Command { get; private set; }

    public Dictionary<string, string?> Options { get; } = [];

    public List<string> Arguments { get; } = [];

    public string? Option(string title) => Options.GetValueOrDefault(title);

    public bool Flag(string title) => Options.ContainsKey(title);

    /// <summary>Parses as airline does; unknown options and stray words fail with airline's messages.</summary>
    public static NodetoolCommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, NodetoolCommandSpec> commands)
    {
        var result = new NodetoolCommandLine();
        NodetoolCommandSpec? spec = null;
        var unexpected = new List<string>();
        var onlyArguments = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!onlyArguments && token == "--")
            {
                onlyArguments = true;
                continue;
            }

            var candidates = spec is null ? GlobalOptions : GlobalOptions.Concat(spec.Options);
            var option = onlyArguments ? null : candidates.FirstOrDefault(o => o.Names.Contains(token));
            if (option is not null)
            {
                if (!option.TakesValue)
                {
                    result.Options[option.Title] = null;
                    continue;
                }

                if (i + 1 >= args.Count)
                {
                    throw new NodetoolUsageException($"Required values for option '{option.Title}' not provided");
                }

                result.Options[option.Title] = args[++i];
                continue;
            }

            if (spec is null)
            {
                if (!onlyArguments && token.StartsWith('-'))
                {
                    unexpected.Add(token);
                    continue;
                }

                if (!commands.TryGetValue(token, out spec))
                {
                    unexpected.Add(token);
                    continue;
                }

                result.Command = token;
                continue;
            }

            if (!onlyArguments && token.StartsWith('-') && token.Length > 1)
            {
                unexpected.Add(token);
                continue;
            }

            result.Arguments.Add(token);
        }

        if (unexpected.Count > 0)
        {
            throw new NodetoolUsageException($"Found unexpected parameters: [{string.Join(", ", unexpected)}]");
        }

        return result;
    }
}
