using Amphora.Storage.S3;

namespace Amphora.Tests.Storage;

/// <summary>S3 settings from the environment: which variable wins, and refusals that name the variable.</summary>
public sealed class S3SettingsTests
{
    private static readonly string CustomerKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Every_variable_overrides_its_setting()
    {
        var settings = new S3Settings { Region = "eu-west-1", StorageClass = "STANDARD" }.WithEnvironment(Variables(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://generic:1",
            ["AWS_ENDPOINT_URL_S3"] = "https://minio.example:9000",
            ["AWS_DEFAULT_REGION"] = "us-west-2",
            ["AWS_REGION"] = "eu-central-1",
            ["AWS_PROFILE"] = "backups",
            ["AMPHORA_S3_PATH_STYLE"] = "False",
            ["AMPHORA_S3_STORAGE_CLASS"] = "standard_ia",
            ["AMPHORA_S3_SSE"] = "SSE-C",
            ["AMPHORA_S3_SSE_C_KEY"] = CustomerKey,
        }));

        Assert.Equal(new S3Settings
        {
            Endpoint = new Uri("https://minio.example:9000"),
            Region = "eu-central-1",
            Profile = "backups",
            ForcePathStyle = false,
            StorageClass = "STANDARD_IA",
            ServerSideEncryption = "SSE-C",
            CustomerKey = CustomerKey,
        }, settings);
    }

    [Fact]
    public void The_generic_endpoint_and_region_variables_are_the_fallbacks_and_unset_ones_change_nothing()
    {
        var settings = new S3Settings { ServerSideEncryption = "aws:kms" }.WithEnvironment(Variables(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://ceph:7480",
            ["AWS_DEFAULT_REGION"] = "us-west-2",
            ["AWS_PROFILE"] = "",
            ["AMPHORA_S3_SSE_KMS_KEY_ID"] = "alias/backups",
        }));

        Assert.Equal(new S3Settings
        {
            Endpoint = new Uri("http://ceph:7480"),
            Region = "us-west-2",
            ServerSideEncryption = "aws:kms",
            KmsKeyId = "alias/backups",
        }, settings);
    }

    [Theory]
    [InlineData("AMPHORA_S3_PATH_STYLE", "yes", "AMPHORA_S3_PATH_STYLE must be true or false")]
    [InlineData("AMPHORA_S3_STORAGE_CLASS", "GLACIER", "AMPHORA_S3_STORAGE_CLASS 'GLACIER' is not one of STANDARD, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER_IR")]
    [InlineData("AMPHORA_S3_SSE", "KMS", "AMPHORA_S3_SSE 'KMS' is not one of AES256, aws:kms, SSE-C")]
    [InlineData("AWS_ENDPOINT_URL_S3", "minio:9000", "AWS_ENDPOINT_URL_S3 must be an http:// or https:// URL")]
    [InlineData("AWS_ENDPOINT_URL", "https://user:password@minio:9000", "AWS_ENDPOINT_URL must be an http:// or https:// URL without credentials")]
    [InlineData("AMPHORA_S3_SSE_KMS_KEY_ID", "alias/k", "AMPHORA_S3_SSE_KMS_KEY_ID is set but AMPHORA_S3_SSE is not aws:kms")]
    [InlineData("AMPHORA_S3_SSE", "SSE-C", "AMPHORA_S3_SSE=SSE-C needs a key: set AMPHORA_S3_SSE_C_KEY")]
    public void Invalid_values_name_the_variable_and_what_it_accepts(string variable, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new S3Settings().WithEnvironment(Variables(new() { [variable] = value })));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_key_that_is_not_256_bits_is_refused_without_being_shown()
    {
        const string secret = "c2VjcmV0LWJ1dC10b28tc2hvcnQ=";
        var error = Assert.Throws<ArgumentException>(() => new S3Settings().WithEnvironment(Variables(new() { ["AMPHORA_S3_SSE_C_KEY"] = secret })));

        Assert.Contains("AMPHORA_S3_SSE_C_KEY must be a base64-encoded 256-bit (32-byte) key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_refuses_settings_that_do_not_fit_together()
    {
        var settings = new S3Settings { Endpoint = new Uri("http://127.0.0.1:1"), ServerSideEncryption = "AES256", CustomerKey = CustomerKey };
        var error = Assert.Throws<ArgumentException>(() => new S3ObjectStore("s3:b", "b", "", settings, Amphora.Storage.Transfers.TransferTuning.Default));
        Assert.Contains("CustomerKey is set but ServerSideEncryption is AES256", error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Variables(Dictionary<string, string> variables) =>
        name => variables.GetValueOrDefault(name);
}
