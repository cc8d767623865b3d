namespace Amphora.Storage;

/// <summary>Keys are '/'-separated relative names; these rules keep one key meaning one object on every backend.</summary>
public static class ObjectKey
{
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.EndsWith('/') || key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid object key: keys are relative, '/'-separated and non-empty.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new ArgumentException($"'{key}' is not a valid object key: empty, '.' and '..' segments are not allowed.", nameof(key));
            }
        }

        if (key.StartsWith(".amphora", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid object key: '.amphora*' names are reserved for the store's own use.", nameof(key));
        }
    }
}
