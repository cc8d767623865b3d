using System.Text.Json;

namespace Amphora.Sandbox;

/// <summary>How the sandbox keeps its private state files: indented JSON, replaced atomically.</summary>
internal static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options) ?? throw new SandboxException($"Sandbox state file {path} is empty.");

    public static void WriteAtomically<T>(string path, T value)
    {
        var temporary = path + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, Options));
        File.Move(temporary, path, overwrite: true);
    }
}
