using Amphora.Storage;
using Amphora.Storage.Azure;
using Amphora.Storage.Gcs;
using Amphora.Storage.Resilience;
using Amphora.Storage.S3;
using Amphora.Storage.Transfers;

namespace Amphora.Core.Configuration;

/// <summary>
/// The <c>storage:</c> section of Amphora's YAML config file (see docs/configuration.md), overridden by the providers'
/// standard environment variables. Secrets may live in the file (keep it readable by Amphora's user only) or in the
/// environment; they are never printed.
/// </summary>
public sealed class StorageConfigFile
{
    public StorageSection Storage { get; set; } = new();

    /// <summary>Settings from the file (when there is one) and the environment.</summary>
    public static StorageSettings Load(string? path, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return FromSection(path is null ? new StorageSection() : Read(path).Storage, getVariable);
    }

    /// <summary>Settings from a <c>storage:</c> section read as part of another file (the agent's or the server's config) and the environment.</summary>
    public static StorageSettings FromSection(StorageSection section, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(getVariable);
        var tuning = TransferTuning.Default;
        return new StorageSettings
        {
            Tuning = tuning with
            {
                PartParallelism = Positive(section.PartParallelism, "part_parallelism") ?? tuning.PartParallelism,
                MinimumPartSize = Positive(section.PartSizeMib, "part_size_mib") is { } mib
                    ? Math.Max(5, mib) * PartLayout.MiB
                    : tuning.MinimumPartSize,
                Memory = Positive(section.MemoryBudgetMib, "memory_budget_mib") is { } budget ? new TransferMemory(budget * (long)PartLayout.MiB) : tuning.Memory,
            },
            Retry = section.Retries is { } retries ? RetryOptions.Default with { MaxRetries = Math.Max(0, retries) } : RetryOptions.Default,
            RateLimitMebibytesPerSecond = section.RateLimitMib,
            S3 = section.S3.ToSettings().WithEnvironment(getVariable),
            Azure = section.Azure.ToSettings().WithEnvironment(getVariable),
            Gcs = section.Gcs.ToSettings().WithEnvironment(getVariable),
        };
    }

    private static StorageConfigFile Read(string path) =>
        YamlConfigFile.Read<StorageConfigFile>(path, "create it (see docs/configuration.md) or leave --config out", "see docs/configuration.md for the settings");

    private static int? Positive(int? value, string name) => value switch
    {
        null => null,
        > 0 => value,
        _ => throw new InvalidDataException($"config: storage.{name} must be a positive number, not {value}."),
    };

    public sealed class StorageSection
    {
        public double? RateLimitMib { get; set; }

        public int? PartParallelism { get; set; }

        public int? PartSizeMib { get; set; }

        public int? MemoryBudgetMib { get; set; }

        public int? Retries { get; set; }

        public S3Section S3 { get; set; } = new();

        public AzureSection Azure { get; set; } = new();

        public GcsSection Gcs { get; set; } = new();
    }

    public sealed class S3Section
    {
        public Uri? Endpoint { get; set; }

        public string? Region { get; set; }

        public bool? PathStyle { get; set; }

        public string? StorageClass { get; set; }

        public string? ServerSideEncryption { get; set; }

        public string? KmsKeyId { get; set; }

        public string? Profile { get; set; }

        public S3Settings ToSettings() => new()
        {
            Endpoint = Endpoint,
            Region = Region,
            ForcePathStyle = PathStyle,
            StorageClass = StorageClass,
            ServerSideEncryption = ServerSideEncryption,
            KmsKeyId = KmsKeyId,
            Profile = Profile,
        };
    }

    public sealed class AzureSection
    {
        public string? ConnectionString { get; set; }

        public string? AccountName { get; set; }

        public string? AccountKey { get; set; }

        public Uri? BlobEndpoint { get; set; }

        public string? SasToken { get; set; }

        public bool ManagedIdentity { get; set; }

        public string? ManagedIdentityClientId { get; set; }

        public AzureSettings ToSettings() => new()
        {
            ConnectionString = ConnectionString,
            AccountName = AccountName,
            AccountKey = AccountKey,
            BlobEndpoint = BlobEndpoint,
            SasToken = SasToken,
            ManagedIdentity = ManagedIdentity,
            ManagedIdentityClientId = ManagedIdentityClientId,
        };
    }

    public sealed class GcsSection
    {
        public Uri? Endpoint { get; set; }

        public string? CredentialsFile { get; set; }

        public GcsSettings ToSettings() => new() { Endpoint = Endpoint, CredentialsFile = CredentialsFile };
    }
}
