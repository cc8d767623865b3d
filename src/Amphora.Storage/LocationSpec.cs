using System.Text.RegularExpressions;

namespace Amphora.Storage;

/// <summary>
/// One backup location as written by the operator: <c>file:/path</c> (or a plain absolute path), <c>s3:bucket[/prefix]</c>,
/// <c>azure:container[/prefix]</c> or <c>gcs:bucket[/prefix]</c>, optionally for one datacenter only (<c>dc1:s3:bucket-eu</c>).
/// </summary>
public sealed partial record LocationSpec(string? Datacenter, LocationKind Kind, string Container, string Prefix)
{
    /// <summary>The location without its datacenter, as stores and messages show it.</summary>
    public string Text => Kind switch
    {
        LocationKind.File => "file:" + Container,
        _ => $"{Scheme(Kind)}:{Container}{(Prefix.Length == 0 ? string.Empty : "/" + Prefix)}",
    };

    public static LocationSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("the location is empty: use file:/PATH, s3:BUCKET[/PREFIX], azure:CONTAINER[/PREFIX] or gcs:BUCKET[/PREFIX].");
        }

        string? datacenter = null;
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && KindOf(trimmed[..colon]) is null && !trimmed.StartsWith('/'))
        {
            datacenter = trimmed[..colon];
            if (!DatacenterName().IsMatch(datacenter))
            {
                throw new ArgumentException(
                    $"location '{text}': '{datacenter}' is neither a kind of location (file, s3, azure, gcs) nor a datacenter name.");
            }

            trimmed = trimmed[(colon + 1)..];
            colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        }

        if (trimmed.StartsWith('/'))
        {
            return new LocationSpec(datacenter, LocationKind.File, FilePath(trimmed, text), string.Empty);
        }

        var kind = colon > 0 ? KindOf(trimmed[..colon]) : null;
        if (kind is null)
        {
            throw new ArgumentException(
                $"location '{text}': unknown kind of location. Use file:/PATH, s3:BUCKET[/PREFIX], azure:CONTAINER[/PREFIX] or gcs:BUCKET[/PREFIX], optionally after a datacenter name (dc1:s3:BUCKET).");
        }

        var rest = trimmed[(colon + 1)..];
        if (kind == LocationKind.File)
        {
            return new LocationSpec(datacenter, LocationKind.File, FilePath(rest, text), string.Empty);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        ValidateContainer(kind.Value, container, text);
        ValidatePrefix(prefix, text);
        return new LocationSpec(datacenter, kind.Value, container, prefix);
    }

    private static LocationKind? KindOf(string scheme) => scheme switch
    {
        "file" => LocationKind.File,
        "s3" => LocationKind.S3,
        "azure" => LocationKind.Azure,
        "gcs" => LocationKind.Gcs,
        _ => null,
    };

    private static string Scheme(LocationKind kind) => kind.ToString().ToLowerInvariant();

    private static string FilePath(string path, string text)
    {
        // file:///backups and file://localhost/backups are URL spellings of the same directory.
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[2..];
            path = path.Contains('/', StringComparison.Ordinal) ? path[path.IndexOf('/', StringComparison.Ordinal)..] : string.Empty;
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"location '{text}': the directory must be an absolute path, e.g. file:/var/backups/cassandra.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    private static void ValidateContainer(LocationKind kind, string container, string text)
    {
        var (noun, rule, valid) = kind switch
        {
            LocationKind.S3 => ("bucket", "3-63 lowercase letters, digits, '.' and '-'", S3Bucket().IsMatch(container)),
            LocationKind.Azure => ("container", "3-63 lowercase letters, digits and single '-'", AzureContainer().IsMatch(container) && !container.Contains("--", StringComparison.Ordinal)),
            _ => ("bucket", "3-63 lowercase letters, digits, '-', '_' and '.'", GcsBucket().IsMatch(container)),
        };
        if (container.Length == 0)
        {
            throw new ArgumentException($"location '{text}': the {noun} is missing: {Scheme(kind)}:{noun.ToUpperInvariant()}[/PREFIX].");
        }

        if (!valid)
        {
            throw new ArgumentException($"location '{text}': '{container}' is not a valid {Scheme(kind)} {noun} name ({rule}).");
        }
    }

    private static void ValidatePrefix(string prefix, string text)
    {
        if (prefix.Length > 0 && prefix.Split('/').Any(segment => segment is "" or "." or ".." || segment.StartsWith(".amphora", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"location '{text}': the prefix '{prefix}' has an empty, '.', '..' or reserved '.amphora*' segment.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\z")]
    private static partial Regex DatacenterName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z")]
    private static partial Regex S3Bucket();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\z")]
    private static partial Regex AzureContainer();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]\z")]
    private static partial Regex GcsBucket();
}
