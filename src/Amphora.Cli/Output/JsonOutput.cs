using System.Text.Json;
using Amphora.Core.Repository;

namespace Amphora.Cli.Output;

/// <summary>--output json: the same snake_case JSON as the repository documents, indented.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new(RepositoryJson.Options) { WriteIndented = true };

    public static void Write<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Indented));
}
