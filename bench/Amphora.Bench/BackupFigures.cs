using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amphora.Bench;

/// <summary>What <c>amphora backup --output json</c> printed, the fields the benchmark reads.</summary>
public sealed record BackupFigures
{
    [JsonPropertyName("files")]
    public long Files { get; init; }

    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    [JsonPropertyName("uploaded_files")]
    public long UploadedFiles { get; init; }

    [JsonPropertyName("uploaded_bytes")]
    public long UploadedBytes { get; init; }

    [JsonPropertyName("ss_table_bytes_read")]
    public long SSTableBytesRead { get; init; }

    public static BackupFigures Of(MeasuredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.EnsureSuccess();
        return JsonSerializer.Deserialize<BackupFigures>(run.Output)
            ?? throw new InvalidDataException($"'{run.CommandLine}' printed no JSON result:\n{run.Output}");
    }
}
