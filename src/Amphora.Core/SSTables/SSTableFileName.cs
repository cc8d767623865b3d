using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Amphora.Core.SSTables;

/// <summary>
/// The bare file name of one SSTable component: <c>&lt;ver&gt;-&lt;id&gt;-&lt;format&gt;-&lt;Component&gt;</c> (2.2+) or
/// <c>&lt;ks&gt;-&lt;cf&gt;-&lt;ver&gt;-&lt;gen&gt;-&lt;Component&gt;</c> (2.1 and older), as in Cassandra's <c>Descriptor</c>.
/// </summary>
public sealed partial record SSTableFileName
{
    private static readonly DateTimeOffset UuidEpoch = new(1582, 10, 15, 0, 0, 0, TimeSpan.Zero);

    private SSTableFileName(string prefix, string version, string id, string format, string component, string? legacyKeyspace, string? legacyTable)
    {
        Prefix = prefix;
        Version = version;
        Id = id;
        Format = format;
        Component = component;
        LegacyKeyspace = legacyKeyspace;
        LegacyTable = legacyTable;
    }

    public string Version { get; }

    /// <summary>The generation id exactly as written: a sequence number or a 28-character UUID id.</summary>
    public string Id { get; }

    /// <summary><c>big</c> or <c>bti</c>; legacy names predate BTI, so they are always <c>big</c>.</summary>
    public string Format { get; }

    /// <summary>What follows the prefix, e.g. <c>Data.db</c>, <c>TOC.txt</c> or <c>SAI+aa+idx+Meta.db</c>.</summary>
    public string Component { get; }

    public string? LegacyKeyspace { get; }

    public string? LegacyTable { get; }

    /// <summary>Everything before the component; all files of one SSTable share it.</summary>
    public string Prefix { get; }

    public bool IsUuidId => Id.Contains('_', StringComparison.Ordinal);

    /// <summary>When a UUID id was made (100 ns precision); UUID ids sort by this.</summary>
    public DateTimeOffset? IdTimestamp => IsUuidId
        ? UuidEpoch.AddTicks((FromBase36(Id.AsSpan(0, 4)) * TimeSpan.TicksPerDay)
            + (FromBase36(Id.AsSpan(5, 4)) * TimeSpan.TicksPerSecond)
            + FromBase36(Id.AsSpan(10, 5)))
        : null;

    /// <summary>The integer generation, for sorting sequence ids; null for UUID ids.</summary>
    public long? SequenceNumber => IsUuidId ? null : long.Parse(Id, NumberStyles.None, CultureInfo.InvariantCulture);

    public static SSTableFileName Parse(string fileName) =>
        TryParse(fileName, out var name) ? name : throw new FormatException($"'{fileName}' is not an SSTable component file name.");

    public static bool TryParse(string fileName, [NotNullWhen(true)] out SSTableFileName? name)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        name = CurrentPattern().Match(fileName) is { Success: true } current
            ? FromMatch(current, current.Groups["format"].Value, null, null)
            : LegacyPattern().Match(fileName) is { Success: true } legacy
                ? FromMatch(legacy, "big", legacy.Groups["keyspace"].Value, legacy.Groups["table"].Value)
                : null;
        return name is not null;
    }

    private static SSTableFileName FromMatch(Match match, string format, string? legacyKeyspace, string? legacyTable)
    {
        var component = match.Groups["component"];
        return new SSTableFileName(
            match.Value[..component.Index], match.Groups["version"].Value, match.Groups["id"].Value, format, component.Value, legacyKeyspace, legacyTable);
    }

    private static long FromBase36(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 36) + (char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
        }

        return value;
    }

    // Exactly 4 '-'-separated tokens; 5 or 6 tokens are old unsupported names. Ids are at most 10 digits (a Java int)
    // or the case-insensitive UUID form. The component is [\w+]+\.\w+ as in Descriptor.SSTABLE_DIR_PATTERN, so
    // "Data.db.tmp" and other temporary names do not match. \z, not $: $ also matches before a final '\n', and a file
    // named "nb-1-big-Data.db\n" would then stand in for Data.db.
    [GeneratedRegex(@"^(?<version>[a-z]{2})-(?<id>[0-9]{1,10}|[0-9a-zA-Z]{4}_[0-9a-zA-Z]{4}_[0-9a-zA-Z]{18})-(?<format>big|bti)-(?<component>[A-Za-z0-9_+]+\.[A-Za-z0-9_]+)\z")]
    private static partial Regex CurrentPattern();

    // jb/ka names; 2.1 secondary index tables are named "<table>.<index>". Temporary "tmp-"/"tmplink-" names have an
    // extra token, so they never match.
    [GeneratedRegex(@"^(?<keyspace>[A-Za-z0-9_]+)-(?<table>[A-Za-z0-9_.]+)-(?<version>[jk][a-z])-(?<id>[0-9]{1,10})-(?<component>[A-Za-z0-9_+]+\.[A-Za-z0-9_]+)\z")]
    private static partial Regex LegacyPattern();
}
