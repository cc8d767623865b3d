namespace Amphora.Storage.S3;

/// <summary>
/// How to reach an S3 bucket and how to store objects there. Credentials are not settings: they come from the AWS SDK's
/// standard chain (environment, AWS_PROFILE and the shared files, container and instance roles, web identity).
/// </summary>
public sealed record S3Settings
{
    public const string Aes256 = "AES256";
    public const string AwsKms = "aws:kms";
    public const string CustomerKeyEncryption = "SSE-C";

    /// <summary>Classes whose objects can be read at once: backups read their locks and manifests back.</summary>
    public static IReadOnlyList<string> StorageClasses { get; } =
        ["STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "REDUCED_REDUNDANCY"];

    public static IReadOnlyList<string> EncryptionKinds { get; } = [Aes256, AwsKms, CustomerKeyEncryption];

    /// <summary>A custom endpoint (MinIO, Ceph RGW, s3rver...), e.g. <c>http://127.0.0.1:9000</c>; null for AWS.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The bucket's region; null lets the SDK find it (AWS_REGION, the profile), or us-east-1 with an endpoint.</summary>
    public string? Region { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>); null means true with an endpoint, false on AWS.</summary>
    public bool? ForcePathStyle { get; init; }

    /// <summary>The storage class of stored objects (one of <see cref="StorageClasses"/>); null for the bucket's default.</summary>
    public string? StorageClass { get; init; }

    /// <summary>Server-side encryption (one of <see cref="EncryptionKinds"/>); null for the bucket's default.</summary>
    public string? ServerSideEncryption { get; init; }

    /// <summary>The KMS key for <c>aws:kms</c>; null for the account's default key.</summary>
    public string? KmsKeyId { get; init; }

    /// <summary>The base64 256-bit key for SSE-C, sent with every request that reads or writes object bytes.</summary>
    public string? CustomerKey { get; init; }

    /// <summary>The shared credentials/config profile to take credentials and region from.</summary>
    public string? Profile { get; init; }

    /// <summary>
    /// These settings overridden by the environment: AWS_ENDPOINT_URL_S3 (else AWS_ENDPOINT_URL), AWS_REGION (else
    /// AWS_DEFAULT_REGION), AWS_PROFILE, AMPHORA_S3_PATH_STYLE, AMPHORA_S3_STORAGE_CLASS, AMPHORA_S3_SSE,
    /// AMPHORA_S3_SSE_KMS_KEY_ID and AMPHORA_S3_SSE_C_KEY. Unset or empty variables change nothing.
    /// </summary>
    public S3Settings WithEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        var settings = this;
        var endpointVariable = Get("AWS_ENDPOINT_URL_S3") is not null ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL";
        if (Get(endpointVariable) is { } endpoint)
        {
            settings = settings with { Endpoint = ParseEndpoint(endpoint, endpointVariable) };
        }

        if ((Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION")) is { } region)
        {
            settings = settings with { Region = region };
        }

        if (Get("AWS_PROFILE") is { } profile)
        {
            settings = settings with { Profile = profile };
        }

        if (Get("AMPHORA_S3_PATH_STYLE") is { } pathStyle)
        {
            settings = settings with
            {
                ForcePathStyle = bool.TryParse(pathStyle, out var value)
                    ? value
                    : throw new ArgumentException("AMPHORA_S3_PATH_STYLE must be true or false."),
            };
        }

        if (Get("AMPHORA_S3_STORAGE_CLASS") is { } storageClass)
        {
            settings = settings with { StorageClass = OneOf(storageClass, StorageClasses, "AMPHORA_S3_STORAGE_CLASS") };
        }

        if (Get("AMPHORA_S3_SSE") is { } encryption)
        {
            settings = settings with { ServerSideEncryption = OneOf(encryption, EncryptionKinds, "AMPHORA_S3_SSE") };
        }

        if (Get("AMPHORA_S3_SSE_KMS_KEY_ID") is { } kmsKeyId)
        {
            settings = settings with { KmsKeyId = kmsKeyId };
        }

        if (Get("AMPHORA_S3_SSE_C_KEY") is { } customerKey)
        {
            settings = settings with { CustomerKey = customerKey };
        }

        settings.Validate("AMPHORA_S3_SSE", "AMPHORA_S3_SSE_C_KEY", "AMPHORA_S3_SSE_KMS_KEY_ID");
        return settings;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting when a value or a combination is not usable.</summary>
    public void Validate() => Validate(nameof(ServerSideEncryption), nameof(CustomerKey), nameof(KmsKeyId));

    private void Validate(string encryptionName, string customerKeyName, string kmsKeyName)
    {
        if (Endpoint is { } endpoint)
        {
            ParseEndpoint(endpoint.OriginalString, nameof(Endpoint));
        }

        if (StorageClass is { } storageClass)
        {
            OneOf(storageClass, StorageClasses, nameof(StorageClass));
        }

        if (ServerSideEncryption is { } encryption)
        {
            OneOf(encryption, EncryptionKinds, encryptionName);
        }

        if (CustomerKey is { } key)
        {
            // The value is never echoed: it is a secret.
            var bytes = new byte[64];
            if (!Convert.TryFromBase64String(key, bytes, out var length) || length != 32)
            {
                throw new ArgumentException($"{customerKeyName} must be a base64-encoded 256-bit (32-byte) key.");
            }

            if (ServerSideEncryption is { } other && other != CustomerKeyEncryption)
            {
                throw new ArgumentException($"{customerKeyName} is set but {encryptionName} is {other}: SSE-C keys go with {encryptionName}={CustomerKeyEncryption}.");
            }
        }
        else if (ServerSideEncryption == CustomerKeyEncryption)
        {
            throw new ArgumentException($"{encryptionName}={CustomerKeyEncryption} needs a key: set {customerKeyName} to a base64-encoded 256-bit key.");
        }

        if (KmsKeyId is not null && ServerSideEncryption != AwsKms)
        {
            throw new ArgumentException($"{kmsKeyName} is set but {encryptionName} is not {AwsKms}.");
        }
    }

    private static Uri ParseEndpoint(string value, string name)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0)
        {
            throw new ArgumentException($"{name} must be an http:// or https:// URL without credentials or query, e.g. https://minio.example:9000.");
        }

        return uri;
    }

    private static string OneOf(string value, IReadOnlyList<string> accepted, string name) =>
        accepted.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"{name} '{value}' is not one of {string.Join(", ", accepted)}.");
}
