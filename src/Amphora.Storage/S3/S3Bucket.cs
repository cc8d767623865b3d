using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.S3;

/// <summary>
/// The S3 requests a store makes, on full object names: each carries the encryption headers (and, for stored objects,
/// the storage class) the settings ask for and a Content-MD5 for every body, and each failure becomes a
/// <see cref="StorageException"/>. Cancellation by the caller passes through unchanged.
/// </summary>
internal sealed class S3Bucket(IAmazonS3 client, string bucket, S3Settings settings, S3Failures failures)
{
    private const string AnyObject = "*";
    private readonly S3StorageClass? _storageClass = settings.StorageClass is { } storageClass ? S3StorageClass.FindValue(storageClass) : null;
    private readonly ServerSideEncryptionMethod? _encryption =
        settings.ServerSideEncryption is S3Settings.Aes256 or S3Settings.AwsKms ? ServerSideEncryptionMethod.FindValue(settings.ServerSideEncryption) : null;

    private readonly ServerSideEncryptionCustomerMethod? _customerEncryption = settings.CustomerKey is null ? null : ServerSideEncryptionCustomerMethod.AES256;
    private readonly string? _customerKeyMd5 = settings.CustomerKey is { } key
        ? Convert.ToBase64String(Md5Of(Convert.FromBase64String(key)))
        : null;

    private volatile bool _bucketSeen;

    /// <summary>Whether ETags are the MD5 of the bytes: not with SSE-KMS or SSE-C.</summary>
    public bool ETagsAreMd5 => settings.ServerSideEncryption is null or S3Settings.Aes256;

    /// <summary>Stores one object in one request; null when <paramref name="onlyIfAbsent"/> and an object has the name.</summary>
    public async Task<string?> PutAsync(string name, Part body, bool onlyIfAbsent, bool ownMetadata, CancellationToken cancellationToken)
    {
        var md5 = body.Md5();
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = name,
            InputStream = body.OpenStream(),
            AutoCloseStream = true,
            MD5Digest = Convert.ToBase64String(md5),
            // Plain bodies: aws-chunked framing is not understood by every S3-compatible server (s3rver stores it raw).
            UseChunkEncoding = false,
            IfNoneMatch = onlyIfAbsent ? AnyObject : null,
            // The store's own small, short-lived objects keep the bucket's default class (no minimum-duration charges).
            StorageClass = ownMetadata ? null : _storageClass,
            ServerSideEncryptionMethod = _encryption,
            ServerSideEncryptionKeyManagementServiceKeyId = settings.KmsKeyId,
            ServerSideEncryptionCustomerMethod = _customerEncryption,
            ServerSideEncryptionCustomerProvidedKey = settings.CustomerKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = _customerKeyMd5,
        };
        PutObjectResponse response;
        try
        {
            response = await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (onlyIfAbsent && e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:PutObject", Target(name));
        }

        ExpectMd5ETag(response.ETag, md5, "s3:PutObject", Target(name));
        return response.ETag;
    }

    public async Task<string> StartUploadAsync(string name, CancellationToken cancellationToken)
    {
        var request = new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = name,
            StorageClass = _storageClass,
            ServerSideEncryptionMethod = _encryption,
            ServerSideEncryptionKeyManagementServiceKeyId = settings.KmsKeyId,
            ServerSideEncryptionCustomerMethod = _customerEncryption,
            ServerSideEncryptionCustomerProvidedKey = settings.CustomerKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = _customerKeyMd5,
        };
        try
        {
            var response = await client.InitiateMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
            return response.UploadId;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:PutObject", Target(name));
        }
    }

    /// <summary>Sends one part with its MD5 and returns the part's ETag.</summary>
    public async Task<string> UploadPartAsync(string name, string uploadId, Part part, byte[] md5, CancellationToken cancellationToken)
    {
        var request = new UploadPartRequest
        {
            BucketName = bucket,
            Key = name,
            UploadId = uploadId,
            PartNumber = part.Number,
            PartSize = part.Size,
            InputStream = part.OpenStream(),
            MD5Digest = Convert.ToBase64String(md5),
            UseChunkEncoding = false,
            ServerSideEncryptionCustomerMethod = _customerEncryption,
            ServerSideEncryptionCustomerProvidedKey = settings.CustomerKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = _customerKeyMd5,
        };
        UploadPartResponse response;
        try
        {
            response = await client.UploadPartAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:PutObject", $"{Target(name)} part {part.Number}");
        }

        ExpectMd5ETag(response.ETag, md5, "s3:PutObject", $"{Target(name)} part {part.Number}");
        return response.ETag;
    }

    /// <summary>Assembles the parts; null when <paramref name="onlyIfAbsent"/> and an object has the name.</summary>
    public async Task<string?> CompleteUploadAsync(
        string name, string uploadId, IEnumerable<PartETag> parts, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var request = new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = name,
            UploadId = uploadId,
            PartETags = [.. parts],
            IfNoneMatch = onlyIfAbsent ? AnyObject : null,
        };
        try
        {
            var response = await client.CompleteMultipartUploadAsync(request, cancellationToken).ConfigureAwait(false);
            return response.ETag;
        }
        catch (AmazonS3Exception e) when (onlyIfAbsent && e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:PutObject", Target(name));
        }
    }

    /// <summary>Drops an upload's stored parts; an upload already gone, or a server without the call, is not an error.</summary>
    public async Task AbortUploadAsync(string name, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = name, UploadId = uploadId }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchUpload" or "NotImplemented" or "MethodNotAllowed")
        {
            // Gone already, or (s3rver) a server that cannot abort: nothing more this store can do.
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:AbortMultipartUpload", Target(name));
        }
    }

    /// <summary>
    /// Opens the object or a range of it. Found is false when there is no object; a found object with a null response has
    /// nothing in the range (it starts at or after the end).
    /// </summary>
    public async Task<(bool Found, GetObjectResponse? Response)> GetAsync(string name, ByteRange range, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = bucket,
            Key = name,
            ByteRange = range.IsAll ? null : new Amazon.S3.Model.ByteRange(range.ToHttpRange()),
            ServerSideEncryptionCustomerMethod = _customerEncryption,
            ServerSideEncryptionCustomerProvidedKey = settings.CustomerKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = _customerKeyMd5,
        };
        try
        {
            return (true, await client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return (false, null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // S3 checks the key before the range: the object exists and the range starts at or after its end.
            return (true, null);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:GetObject", Target(name));
        }
    }

    /// <summary>The object's size and time, or null when there is none.</summary>
    public async Task<GetObjectMetadataResponse?> HeadAsync(string name, CancellationToken cancellationToken)
    {
        var request = new GetObjectMetadataRequest
        {
            BucketName = bucket,
            Key = name,
            ServerSideEncryptionCustomerMethod = _customerEncryption,
            ServerSideEncryptionCustomerProvidedKey = settings.CustomerKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = _customerKeyMd5,
        };
        try
        {
            return await client.GetObjectMetadataAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A HEAD answer has no body, so a missing bucket also looks like this: make sure once that the bucket exists.
            await ExpectBucketAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:GetObject", Target(name));
        }
    }

    /// <summary>The pages of objects whose names start with the prefix, in the service's order.</summary>
    public async IAsyncEnumerable<List<S3Object>> ListPagesAsync(string namePrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = namePrefix };
        while (true)
        {
            ListObjectsV2Response response;
            try
            {
                response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsFailure(e, cancellationToken))
            {
                throw failures.Map(e, "s3:ListBucket", $"the names starting with '{namePrefix}'");
            }

            yield return response.S3Objects ?? [];

            if (response.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>Deletes the object; S3 answers a delete of a missing object with success.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = name }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:DeleteObject", Target(name));
        }
    }

    /// <summary>A whole small object (the store's own), or null when there is none.</summary>
    public async Task<byte[]?> ReadSmallAsync(string name, CancellationToken cancellationToken)
    {
        var (found, response) = await GetAsync(name, ByteRange.All, cancellationToken).ConfigureAwait(false);
        if (!found || response is null)
        {
            return found ? [] : null;
        }

        using (response)
        {
            using var buffer = new MemoryStream();
            try
            {
                await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw failures.Map(e, "s3:GetObject", Target(name));
            }

            return buffer.ToArray();
        }
    }

    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "S3 identifies SSE-C keys and bodies by MD5.")]
    private static byte[] Md5Of(byte[] bytes) => MD5.HashData(bytes);

    private static string Target(string name) => $"object {name}";

    private async Task ExpectBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketSeen)
        {
            return;
        }

        try
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw failures.Map(e, "s3:ListBucket", $"bucket {bucket}");
        }

        _bucketSeen = true;
    }

    private void ExpectMd5ETag(string? etag, byte[] md5, string action, string target)
    {
        // The server must have stored what was sent; servers that skip Content-MD5 checks (s3rver) are caught here.
        if (ETagsAreMd5 && etag is not null && !string.Equals(etag.Trim('"'), Convert.ToHexStringLower(md5), StringComparison.OrdinalIgnoreCase))
        {
            throw failures.Fail(action, target, $"the server stored bytes whose MD5 ({etag}) is not the MD5 of what was sent", "the data was corrupted on the way; try again", true);
        }
    }
}
