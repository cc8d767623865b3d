using System.Globalization;
using System.Text;
using Amphora.Sandbox.Schema;
using Amphora.Sandbox.Storage;

namespace Amphora.Sandbox.Cql;

/// <summary>
/// The sandbox's <c>bin/cqlsh</c>: cqlsh's command line (<c>[host [port]] [-f FILE] [-e STATEMENTS] [-k KEYSPACE]</c>),
/// the schema statements a restore runs (CREATE KEYSPACE/TABLE/INDEX, DROP TABLE, TRUNCATE, USE), and cqlsh's
/// error reporting: <c>FILE:LINE:Class: message</c> on stderr, going on with the next statement, exit 2 at the end
/// when a statement failed; exit 1 with <c>Connection error: ...</c> when the node cannot be reached.
/// </summary>
public sealed class CqlShell(SandboxCluster cluster, SandboxNode localNode)
{
    public const string Version = "6.1.0";

    private const int NativePort = 9042;

    private static readonly HashSet<string> ValueOptions =
    [
        "-u", "--username", "-p", "--password", "--connect-timeout", "--request-timeout", "--cqlversion", "--protocol-version",
        "--encoding", "--cqlshrc", "--credentials", "--browser",
    ];

    private static readonly HashSet<string> FlagOptions =
    [
        "--ssl", "-C", "--color", "--no-color", "--debug", "--coverage", "-t", "--tty", "--insecure-password-without-warning",
    ];

    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();
    private string? _keyspace;

    public ToolResult Run(IReadOnlyList<string> args, TextReader? standardInput = null)
    {
        var exitCode = Execute(args, standardInput ?? TextReader.Null);
        return new ToolResult(exitCode, _out.ToString(), _err.ToString());
    }

    private int Execute(IReadOnlyList<string> args, TextReader standardInput)
    {
        string? file = null, execute = null, keyspace = null, password = null;
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                inline = arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
                arg = arg[..arg.IndexOf('=', StringComparison.Ordinal)];
            }

            string TakeValue()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"argument {arg}: expected one argument");
                }

                return args[++i];
            }

            try
            {
                switch (arg)
                {
                    case "-f" or "--file": file = TakeValue(); break;
                    case "-e" or "--execute": execute = TakeValue(); break;
                    case "-k" or "--keyspace": keyspace = TakeValue(); break;
                    case "-p" or "--password": password = TakeValue(); break;
                    case "-v" or "--version":
                        _out.Append("cqlsh ").Append(Version).Append('\n');
                        return 0;
                    case "-h" or "--help":
                        _out.Append(Usage).Append('\n');
                        return 0;
                    case var value when ValueOptions.Contains(value): TakeValue(); break;
                    case var flag when FlagOptions.Contains(flag): break;
                    case var other when other.StartsWith('-') && other.Length > 1 && !char.IsAsciiDigit(other[1]):
                        throw new UsageException($"unrecognized arguments: {other}");
                    default: positional.Add(arg); break;
                }
            }
            catch (UsageException e)
            {
                _err.Append(Usage).Append('\n').Append("cqlsh: error: ").Append(e.Message).Append('\n');
                return 2;
            }
        }

        if (positional.Count > 2)
        {
            _err.Append(Usage).Append('\n').Append("cqlsh: error: unrecognized arguments: ").Append(string.Join(' ', positional.Skip(2))).Append('\n');
            return 2;
        }

        if (password is not null)
        {
            _err.Append("\nWarning: Using a password on the command line interface can be insecure.\n")
                .Append("Recommendation: use the credentials file to securely provide the password.\n\n");
        }

        var host = positional.Count > 0 ? positional[0] : localNode.Address;
        var portText = positional.Count > 1 ? positional[1] : NativePort.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            _err.Append(Usage).Append('\n').Append("cqlsh: error: '").Append(portText).Append("' is not a valid port number.\n");
            return 2;
        }

        string source;
        string sourceName;
        if (file is not null)
        {
            try
            {
                source = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _err.Append("Can't open '").Append(file).Append("': [Errno 2] No such file or directory: '").Append(file).Append("'\n");
                return 1;
            }

            sourceName = file;
        }
        else if (execute is not null)
        {
            source = execute.TrimEnd().EndsWith(';') ? execute : execute + ";";
            sourceName = "<stdin>";
        }
        else
        {
            source = standardInput.ReadToEnd();
            sourceName = "<stdin>";
        }

        var address = host == "localhost" ? "127.0.0.1" : host;
        var node = cluster.NodeByAddress(address);
        if (node is null || port != NativePort || !node.IsRunning)
        {
            _err.Append("Connection error: ('Unable to connect to any servers', {'").Append(address).Append(':').Append(port)
                .Append("': ConnectionRefusedError(111, \"Tried connecting to [('").Append(address).Append("', ").Append(port)
                .Append(")]. Last error: Connection refused\")})\n");
            return 1;
        }

        if (keyspace is not null)
        {
            var name = keyspace.StartsWith('"') ? keyspace.Trim('"') : keyspace.ToLowerInvariant();
            if (cluster.LoadSchema().FindKeyspace(name) is null)
            {
                _err.Append("Connection error: ('Unable to connect to any servers', {'").Append(address).Append(':').Append(port)
                    .Append("': InvalidRequest('Error from server: code=2200 [Invalid query] message=\"Keyspace \\'").Append(name)
                    .Append("\\' does not exist\"')})\n");
                return 1;
            }

            _keyspace = name;
        }

        return RunStatements(node, source, sourceName, lineNumbers: execute is null || file is not null);
    }

    private int RunStatements(SandboxNode node, string source, string sourceName, bool lineNumbers)
    {
        var failed = false;
        void PrintError(int line, string text)
        {
            failed = true;
            _err.Append(sourceName).Append(':').Append(line.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text).Append('\n');
        }

        List<CqlStatement> statements;
        List<CqlToken> incomplete;
        try
        {
            (statements, incomplete) = CqlLexer.Split(source);
        }
        catch (CqlRequestException e)
        {
            PrintError(1, e.Rendered);
            return 2;
        }

        // cqlsh counts lines as it reads them: a statement runs once the line holding its ';' has been read.
        foreach (var statement in statements)
        {
            var line = lineNumbers ? statement.EndLine + 1 : 1;
            try
            {
                RunStatement(node, statement);
            }
            catch (CqlRequestException e)
            {
                PrintError(line, e.Rendered);
            }
            catch (NodeDownException)
            {
                PrintError(line, "NoHostAvailable: ('Unable to complete the operation against any hosts', {})");
            }
            catch (SandboxException e)
            {
                PrintError(line, CqlRequestException.Invalid(e.Message).Rendered);
            }
        }

        if (incomplete.Count > 0)
        {
            PrintError(lineNumbers ? source.Count(c => c == '\n') + 1 : 1, "Incomplete statement at end of file");
        }

        return failed ? 2 : 0;
    }

    private void RunStatement(SandboxNode node, CqlStatement statement)
    {
        var parser = new CqlStatementParser(statement);
        if (parser.TryKeyword("USE"))
        {
            var name = parser.Name();
            parser.End();
            if (cluster.LoadSchema().FindKeyspace(name) is null)
            {
                throw CqlRequestException.Invalid($"Keyspace '{name}' does not exist");
            }

            _keyspace = name;
        }
        else if (parser.TryKeyword("CREATE"))
        {
            if (parser.TryKeyword("KEYSPACE") || parser.TryKeyword("SCHEMA"))
            {
                CreateKeyspace(node, parser);
            }
            else if (parser.TryKeyword("TABLE") || parser.TryKeyword("COLUMNFAMILY"))
            {
                CreateTable(node, parser);
            }
            else if (parser.TryKeyword("INDEX"))
            {
                CreateIndex(node, parser);
            }
            else if (parser.Peek() is { } what && what.Is("CUSTOM"))
            {
                throw CqlRequestException.Invalid("The Amphora sandbox has only its built-in secondary indexes: CREATE INDEX name ON ks.t (value)");
            }
            else
            {
                throw Unsupported(statement);
            }
        }
        else if (parser.TryKeyword("DROP"))
        {
            if (!parser.TryKeyword("TABLE") && !parser.TryKeyword("COLUMNFAMILY"))
            {
                throw Unsupported(statement);
            }

            var ifExists = parser.TryKeywords("IF", "EXISTS");
            var (keyspace, table) = Qualify(parser.QualifiedName());
            parser.End();
            var schema = cluster.LoadSchema();
            if (schema.FindKeyspace(keyspace) is null)
            {
                if (ifExists)
                {
                    return;
                }

                throw CqlRequestException.Invalid($"Keyspace '{keyspace}' doesn't exist");
            }

            if (schema.FindTable(keyspace, table) is not { } existing)
            {
                if (ifExists)
                {
                    return;
                }

                throw CqlRequestException.Invalid($"Table '{keyspace}.{table}' doesn't exist");
            }

            if (SystemKeyspaces.IsSystem(keyspace))
            {
                throw CqlRequestException.Invalid($"{keyspace} keyspace is not user-modifiable");
            }

            node.DropTableEverywhere(existing);
        }
        else if (parser.TryKeyword("TRUNCATE"))
        {
            _ = parser.TryKeyword("TABLE") || parser.TryKeyword("COLUMNFAMILY");
            var (keyspace, table) = Qualify(parser.QualifiedName());
            parser.End();
            var schema = cluster.LoadSchema();
            if (schema.FindKeyspace(keyspace) is null)
            {
                throw CqlRequestException.Invalid($"keyspace {keyspace} does not exist");
            }

            var existing = schema.FindTable(keyspace, table) ?? throw CqlRequestException.Invalid($"table {table} does not exist");
            node.TruncateEverywhere(existing);
        }
        else
        {
            throw Unsupported(statement);
        }
    }

    private static CqlRequestException Unsupported(CqlStatement statement) =>
        CqlRequestException.Invalid(
            "The Amphora sandbox's cqlsh runs only CREATE KEYSPACE, CREATE TABLE, CREATE INDEX, DROP TABLE, TRUNCATE and USE; not: "
            + string.Join(' ', statement.Tokens.Take(3).Select(t => t.Text)));

    private (string Keyspace, string Table) Qualify((string? Keyspace, string Name) name) =>
        (name.Keyspace ?? _keyspace ?? throw CqlRequestException.Invalid("No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename"),
            name.Name);

    private void CreateKeyspace(SandboxNode node, CqlStatementParser parser)
    {
        var ifNotExists = parser.TryKeywords("IF", "NOT", "EXISTS");
        var name = parser.Name();
        parser.Keyword("WITH");
        Dictionary<string, string>? replication = null;
        do
        {
            var property = parser.Name();
            parser.Symbol('=');
            var value = parser.Value();
            switch (property)
            {
                case "replication" when value is Dictionary<string, string> map: replication = map; break;
                case "durable_writes" when value is string: break;
                default: throw CqlRequestException.Syntax($"Unknown property '{property}'");
            }
        }
        while (parser.TryKeyword("AND"));
        parser.End();
        if (!IsValidName(name))
        {
            throw CqlRequestException.Invalid($"Keyspace name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{name}\")");
        }

        if (cluster.LoadSchema().FindKeyspace(name) is not null)
        {
            if (ifNotExists)
            {
                return;
            }

            throw CqlRequestException.AlreadyExists(name);
        }

        var keyspace = new KeyspaceSchema { Name = name, Replication = Replication(name, replication) };
        node.CreateKeyspace(keyspace, ifNotExists);
    }

    /// <summary>Validates and normalizes a replication map as Cassandra 4.1 does for SimpleStrategy and NetworkTopologyStrategy.</summary>
    private Dictionary<string, string> Replication(string keyspace, Dictionary<string, string>? options)
    {
        if (options is null || !options.TryGetValue("class", out var className))
        {
            throw CqlRequestException.Configuration("Missing replication strategy class");
        }

        var fullClass = className.Contains('.', StringComparison.Ordinal) ? className : "org.apache.cassandra.locator." + className;
        var strategy = fullClass["org.apache.cassandra.locator.".Length..];
        if (!fullClass.StartsWith("org.apache.cassandra.locator.", StringComparison.Ordinal) || strategy is not ("SimpleStrategy" or "NetworkTopologyStrategy"))
        {
            throw CqlRequestException.Configuration($"Unable to find replication strategy class '{fullClass}'");
        }

        var result = new Dictionary<string, string> { ["class"] = fullClass };
        var datacenters = cluster.Manifest.Nodes.Select(n => n.Datacenter).Distinct().ToList();
        foreach (var (key, value) in options.Where(p => p.Key != "class"))
        {
            var known = strategy == "SimpleStrategy" ? key == "replication_factor" : key == "replication_factor" || datacenters.Contains(key);
            if (!known)
            {
                throw CqlRequestException.Configuration($"Unrecognized strategy option {{{key}}} passed to {strategy} for keyspace {keyspace}");
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw CqlRequestException.Configuration($"Replication factor must be numeric; found {value}");
            }
        }

        if (strategy == "SimpleStrategy")
        {
            result["replication_factor"] = options.TryGetValue("replication_factor", out var factor)
                ? factor
                : throw CqlRequestException.Configuration("SimpleStrategy requires a replication_factor strategy option.");
            return result;
        }

        // NetworkTopologyStrategy: replication_factor stands for every datacenter not named explicitly (Cassandra 4.0+).
        foreach (var dc in datacenters)
        {
            if (options.TryGetValue(dc, out var factor) || options.TryGetValue("replication_factor", out factor))
            {
                result[dc] = factor;
            }
        }

        return result;
    }

    private void CreateTable(SandboxNode node, CqlStatementParser parser)
    {
        var ifNotExists = parser.TryKeywords("IF", "NOT", "EXISTS");
        var (keyspace, name) = Qualify(parser.QualifiedName());
        var columns = new List<(string Name, string Type)>();
        var partitionKey = new List<string>();
        var clustering = new List<string>();
        parser.Symbol('(');
        do
        {
            if (parser.TryKeywords("PRIMARY", "KEY"))
            {
                parser.Symbol('(');
                if (parser.TrySymbol('('))
                {
                    do
                    {
                        partitionKey.Add(parser.Name());
                    }
                    while (parser.TrySymbol(','));
                    parser.Symbol(')');
                }
                else
                {
                    partitionKey.Add(parser.Name());
                }

                while (parser.TrySymbol(','))
                {
                    clustering.Add(parser.Name());
                }

                parser.Symbol(')');
                continue;
            }

            var column = parser.Name();
            var type = parser.Name();
            if (parser.TrySymbol('<'))
            {
                throw CqlRequestException.Invalid($"The Amphora sandbox's tables have exactly the columns (id bigint PRIMARY KEY, value text); {column} is a collection");
            }

            columns.Add((column, type == "varchar" ? "text" : type));
            _ = parser.TryKeyword("STATIC");
            if (parser.TryKeywords("PRIMARY", "KEY"))
            {
                partitionKey.Add(column);
            }
        }
        while (parser.TrySymbol(','));
        parser.Symbol(')');

        var id = (Guid?)null;
        string? compressor = TableStorageOptions.Default.Compressor;
        var chunkLengthKiB = TableStorageOptions.Default.ChunkLengthKiB;
        if (parser.TryKeyword("WITH"))
        {
            do
            {
                if (parser.TryKeywords("CLUSTERING", "ORDER", "BY"))
                {
                    parser.SkipGroup();
                    throw CqlRequestException.Invalid("Only clustering key columns can be defined in CLUSTERING ORDER directive");
                }

                if (parser.TryKeywords("COMPACT", "STORAGE"))
                {
                    throw CqlRequestException.Invalid("COMPACT STORAGE tables are not supported starting with version 4.0");
                }

                var property = parser.Name();
                parser.Symbol('=');
                var value = parser.Value();
                switch (property)
                {
                    case "id":
                        id = value is string text && Guid.TryParse(text, out var parsed)
                            ? parsed
                            : throw CqlRequestException.Configuration($"Invalid table id '{value}'");
                        break;
                    case "compression":
                        (compressor, chunkLengthKiB) = Compression(value as Dictionary<string, string>
                            ?? throw CqlRequestException.Syntax("Invalid value for property 'compression'. It should be a map."));
                        break;
                }
            }
            while (parser.TryKeyword("AND"));
        }

        parser.End();
        var shape = string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"));
        var keyColumn = partitionKey.Count == 1 ? partitionKey[0] : null;
        if (keyColumn is null)
        {
            throw partitionKey.Count == 0
                ? CqlRequestException.Invalid("No PRIMARY KEY specifed for table '" + name + "' (exactly one required)")
                : CqlRequestException.Invalid($"The Amphora sandbox's tables have exactly the columns (id bigint PRIMARY KEY, value text); got a composite partition key ({string.Join(", ", partitionKey)})");
        }

        if (clustering.Count > 0 || columns.Count != 2 || keyColumn != "id"
            || !columns.Contains(("id", "bigint")) || !columns.Contains(("value", "text")))
        {
            throw CqlRequestException.Invalid(
                $"The Amphora sandbox's tables have exactly the columns (id bigint PRIMARY KEY, value text); got ({shape}) with PRIMARY KEY ({string.Join(", ", partitionKey.Concat(clustering))})");
        }

        if (!IsValidName(name))
        {
            throw CqlRequestException.Invalid($"Table name must not be empty, more than 48 characters long, or contain non-alphanumeric-underscore characters (got \"{name}\")");
        }

        var schema = cluster.LoadSchema();
        if (schema.FindKeyspace(keyspace) is null)
        {
            throw CqlRequestException.Invalid($"Keyspace '{keyspace}' doesn't exist");
        }

        if (schema.FindTable(keyspace, name) is not null)
        {
            if (ifNotExists)
            {
                return;
            }

            throw CqlRequestException.AlreadyExists(keyspace, name);
        }

        node.CreateTable(new TableSchema
        {
            Keyspace = keyspace,
            Name = name,
            Id = id ?? TimeUuid.New(),
            Compressor = compressor,
            ChunkLengthKiB = chunkLengthKiB,
        }, ifNotExists);
    }

    /// <summary>compression = {...}: {'enabled': 'false'} or LZ4Compressor with a power-of-two chunk_length_in_kb.</summary>
    private static (string? Compressor, int ChunkLengthKiB) Compression(Dictionary<string, string> options)
    {
        if (options.TryGetValue("enabled", out var enabled) && string.Equals(enabled, "false", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TableStorageOptions.Default.ChunkLengthKiB);
        }

        var chunk = TableStorageOptions.Default.ChunkLengthKiB;
        if (options.TryGetValue("chunk_length_in_kb", out var chunkText))
        {
            if (!int.TryParse(chunkText, NumberStyles.None, CultureInfo.InvariantCulture, out chunk) || chunk <= 0 || (chunk & (chunk - 1)) != 0)
            {
                throw CqlRequestException.Configuration($"chunk_length_in_kb must be a power of 2 (got {chunkText})");
            }
        }

        if (!options.TryGetValue("class", out var className))
        {
            throw CqlRequestException.Configuration("Missing sub-option 'class' for the 'compression' option.");
        }

        var shortName = className.StartsWith("org.apache.cassandra.io.compress.", StringComparison.Ordinal)
            ? className["org.apache.cassandra.io.compress.".Length..]
            : className;
        if (shortName != "LZ4Compressor")
        {
            throw CqlRequestException.Invalid($"The Amphora sandbox writes only LZ4Compressor or uncompressed tables, not {className}");
        }

        return (shortName, chunk);
    }

    private void CreateIndex(SandboxNode node, CqlStatementParser parser)
    {
        var ifNotExists = parser.TryKeywords("IF", "NOT", "EXISTS");
        string? index = null;
        if (!(parser.Peek() is { } on && on.Is("ON")))
        {
            index = parser.Name();
        }

        parser.Keyword("ON");
        var (keyspace, table) = Qualify(parser.QualifiedName());
        parser.Symbol('(');
        var column = parser.Name();
        parser.Symbol(')');
        if (parser.TryKeyword("USING"))
        {
            throw CqlRequestException.Invalid("The Amphora sandbox has only its built-in secondary indexes: CREATE INDEX name ON ks.t (value)");
        }

        parser.End();
        if (column == "id")
        {
            throw CqlRequestException.Invalid("Cannot create secondary index on the only partition key column id");
        }

        if (column != "value")
        {
            throw CqlRequestException.Invalid($"Undefined column name {column} in table {keyspace}.{table}");
        }

        node.CreateIndex(keyspace, table, index ?? $"{table}_value_idx", ifNotExists);
    }

    private static bool IsValidName(string name) => name.Length is > 0 and <= 48 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private const string Usage = "usage: cqlsh [options] [host [port]]";

    private sealed class UsageException(string message) : Exception(message);
}
