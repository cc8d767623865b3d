namespace Amphora.Storage.Azure;

/// <summary>Which keys make faithful blob names, and how a blob name goes into a URL path.</summary>
internal static class BlobNames
{
    /// <summary>
    /// <see cref="ObjectKey.Validate"/> plus what Azure changes silently: it stores '\' as '/', and its naming rules forbid path
    /// segments that end with a dot. Either would make two keys one blob, or a listing return a key nobody wrote.
    /// </summary>
    public static void ValidateKey(string key)
    {
        ObjectKey.Validate(key);
        if (key.Contains('\\', StringComparison.Ordinal) || key.Split('/').Any(segment => segment.EndsWith('.')))
        {
            throw new ArgumentException(
                $"'{key}' cannot be stored in Azure Blob Storage as it is: Azure turns '\\' into '/' and does not allow names whose segments end with '.'.",
                nameof(key));
        }
    }

    /// <summary>The name percent-encoded segment by segment, its '/'s kept as the path separators Azure expects.</summary>
    public static string ToUrlPath(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
}
