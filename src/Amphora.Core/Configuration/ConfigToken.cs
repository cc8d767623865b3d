namespace Amphora.Core.Configuration;

/// <summary>A bearer token given in a config file, either inline (<c>token:</c>) or in a file of its own (<c>token_file:</c>), trimmed.</summary>
public static class ConfigToken
{
    /// <param name="resolve">Turns token_file as written into the path to read (relative paths beside the config, or as given).</param>
    /// <param name="where">The config file, for messages.</param>
    /// <returns>The token, or null when neither key is set.</returns>
    public static string? Read(string? token, string? tokenFile, Func<string, string> resolve, string where)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        if (token is not null && tokenFile is not null)
        {
            throw new InvalidDataException($"{where}: give either token or token_file, not both.");
        }

        if (tokenFile is null)
        {
            return token is null ? null : NonEmpty(token, "token", where);
        }

        var path = resolve(tokenFile);
        try
        {
            return NonEmpty(File.ReadAllText(path), $"token_file {path}", where);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{where}: token_file {path} cannot be read ({e.Message}); make it readable by Amphora's user only.", e);
        }
    }

    private static string NonEmpty(string token, string key, string where) =>
        token.Trim() is { Length: > 0 } trimmed ? trimmed : throw new InvalidDataException($"{where}: {key} is empty; give a token.");
}
