using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Amphora.Core.Configuration;

/// <summary>Reads one of Amphora's YAML config files (snake_case keys; an unknown key is an error naming its line).</summary>
public static class YamlConfigFile
{
    /// <param name="missing">What to do when the file does not exist.</param>
    /// <param name="settings">Where the valid settings are described, for an invalid file.</param>
    public static T Read<T>(string path, string missing, string settings)
        where T : new()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"config file {path} does not exist: {missing}.", path, e);
        }

        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            return deserializer.Deserialize<T?>(text) ?? new T();
        }
        catch (YamlException e)
        {
            // YamlDotNet's message names the line and column; it never echoes a value.
            throw new InvalidDataException($"config file {path} is not valid: {e.Message} ({settings}).", e);
        }
    }
}
