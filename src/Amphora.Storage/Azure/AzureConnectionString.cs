namespace Amphora.Storage.Azure;

/// <summary>
/// The fields of an Azure Storage connection string (<c>Name=Value;Name=Value;...</c>, names case-insensitive). Errors never
/// quote the string: it usually holds the account key.
/// </summary>
internal sealed class AzureConnectionString
{
    private readonly Dictionary<string, string> _fields;

    private AzureConnectionString(Dictionary<string, string> fields) => _fields = fields;

    public static AzureConnectionString Parse(string connectionString)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = 0; index < segments.Length; index++)
        {
            // Values may hold '=' themselves (base64 keys, SAS tokens): only the first one separates.
            var equals = segments[index].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Malformed($"part {index + 1} is not Name=Value");
            }

            var name = segments[index][..equals].Trim();
            if (!fields.TryAdd(name, segments[index][(equals + 1)..].Trim()))
            {
                throw Malformed($"{name} is given twice");
            }
        }

        if (fields.Count == 0)
        {
            throw Malformed("it is empty");
        }

        return new AzureConnectionString(fields);
    }

    public string? this[string name] => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static ArgumentException Malformed(string problem) =>
        new($"the Azure Storage connection string is malformed: {problem}. Expected e.g. " +
            "DefaultEndpointsProtocol=https;AccountName=NAME;AccountKey=KEY;EndpointSuffix=core.windows.net");
}
