using System.CommandLine;
using Amphora.Core.Configuration;
using Amphora.Core.Repository;
using Amphora.Storage;

namespace Amphora.Cli.Commands;

/// <summary>
/// How every command reaches a location: the config file with provider settings and the rate limit, both global options,
/// and the location list resolved for the node's datacenter.
/// </summary>
public static class StorageOptions
{
    public static Option<string?> Config { get; } = new("--config")
    {
        Description = "Amphora's YAML config file with provider settings (S3 endpoint, Azure and GCS credentials...). " +
            "Default: $AMPHORA_CONFIG, else /etc/amphora/amphora.yaml when it exists.",
        Recursive = true,
    };

    public static Option<double?> RateLimit { get; } = new("--rate-limit")
    {
        Description = "Most MiB/s this node moves to and from the location, uploads and downloads together (default: storage.rate_limit_mib, else unlimited).",
        Recursive = true,
    };

    public static StorageSettings Settings(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = StorageConfigFile.Load(ConfigPath(parse), Environment.GetEnvironmentVariable);
        if (parse.GetValue(RateLimit) is { } rate)
        {
            if (rate <= 0)
            {
                throw new ArgumentException($"--rate-limit must be a positive number of MiB/s, not {rate}.");
            }

            settings = settings with { RateLimitMebibytesPerSecond = rate };
        }

        return settings;
    }

    /// <summary>The store for the location list as it applies to a node of the datacenter (null: a command without a node).</summary>
    public static IObjectStore Open(ParseResult parse, string locations, string? datacenter)
    {
        var list = LocationList.Parse(locations);
        if (datacenter is null && list.Locations.Count > 1)
        {
            throw new ArgumentException($"'{locations}' names one location per datacenter; this command works on one location: give just one of them.");
        }

        return StorageLocation.Open(datacenter is null ? list.Locations[0] : list.For(datacenter), Settings(parse));
    }

    public static Task<BackupRepository> OpenRepositoryAsync(ParseResult parse, string locations, bool create, CancellationToken cancellationToken, string? datacenter = null) =>
        BackupRepository.OpenAsync(Open(parse, locations, datacenter), create, cancellationToken);

    private static string? ConfigPath(ParseResult parse)
    {
        const string systemConfig = "/etc/amphora/amphora.yaml";
        return parse.GetValue(Config) ?? Environment.GetEnvironmentVariable("AMPHORA_CONFIG") ?? (File.Exists(systemConfig) ? systemConfig : null);
    }
}
