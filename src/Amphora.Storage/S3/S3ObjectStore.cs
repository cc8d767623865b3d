using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amphora.Storage.Transfers;

namespace Amphora.Storage.S3;

/// <summary>
/// A location in an S3 bucket (AWS, MinIO, Ceph RGW and other S3-compatible stores): key K is the object
/// <c>prefix/K</c>. Objects of one part go up in one PutObject, bigger ones as multipart uploads that the next put of
/// the key resumes; every body carries its Content-MD5 and the answers' ETags are checked against it.
/// </summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    private const int MaximumParts = 10_000;
    private const string ReservedPrefix = ".amphora";
    private readonly AmazonS3Client _client;
    private readonly S3Bucket _bucket;
    private readonly S3Failures _failures;
    private readonly string _namePrefix;
    private readonly TransferTuning _tuning;

    /// <param name="location">The location as the operator wrote it, for messages (e.g. <c>s3:backups/prod</c>).</param>
    /// <param name="bucket">The bucket's name.</param>
    /// <param name="prefix">The folder in the bucket the store's keys live under; empty for the bucket's root.</param>
    /// <param name="settings">Endpoint, region, addressing, storage class and encryption.</param>
    /// <param name="tuning">Part sizes, parallelism and the memory the part buffers share.</param>
    public S3ObjectStore(string location, string bucket, string prefix, S3Settings settings, TransferTuning tuning)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(tuning);
        settings.Validate();
        Location = location;
        _tuning = tuning;
        var trimmed = prefix.Trim('/');
        _namePrefix = trimmed.Length == 0 ? string.Empty : trimmed + "/";

        var config = new AmazonS3Config
        {
            // Only Content-MD5: the default CRC trailers use aws-chunked bodies, which some S3-compatible servers store raw.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Retries are RetryingObjectStore's, one layer for every backend: a retried put resumes from its journal.
            MaxErrorRetry = 0,
        };
        string endpoint;
        if (settings.Endpoint is { } url)
        {
            config.ServiceURL = url.GetLeftPart(UriPartial.Path);
            config.AuthenticationRegion = settings.Region ?? "us-east-1";
            config.ForcePathStyle = settings.ForcePathStyle ?? true;
            endpoint = config.ServiceURL;
        }
        else
        {
            if (settings.Region is { } region)
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            }

            config.ForcePathStyle = settings.ForcePathStyle ?? false;
            endpoint = settings.Region is null ? "AWS S3" : $"AWS S3 in {settings.Region}";
        }

        if (settings.Profile is { } profile)
        {
            config.Profile = new Profile(profile);
        }

        _failures = new S3Failures(location, bucket, endpoint);
        try
        {
            _client = new AmazonS3Client(config);
        }
        catch (AmazonClientException e) when (settings.Region is null)
        {
            // Without an endpoint the SDK needs a region, from AWS_REGION or the profile, before any request.
            throw new ArgumentException($"location '{location}': no AWS region is configured ({e.Message}); set AWS_REGION to the bucket's region.", e);
        }

        _bucket = new S3Bucket(_client, bucket, settings, _failures);
    }

    public string Location { get; }

    public TransferStatistics Statistics { get; } = new();

    public async Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken) =>
        await PutAsync(key, content, onlyIfAbsent: false, cancellationToken).ConfigureAwait(false);

    public async Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        // The conditional request makes this race-free on S3; this check makes it right on servers that ignore the
        // condition (s3rver) when writers do not race, and spares the upload when the object is there.
        if (await _bucket.HeadAsync(NameOf(key), cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        return await PutAsync(key, content, onlyIfAbsent: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        var name = NameOf(key);
        if (range.Length == 0)
        {
            // No bytes to ask for, but a missing object is still an error.
            return await _bucket.HeadAsync(name, cancellationToken).ConfigureAwait(false) is null
                ? throw new ObjectNotFoundException(Location, key)
                : Stream.Null;
        }

        var (found, response) = await _bucket.GetAsync(name, range, cancellationToken).ConfigureAwait(false);
        if (!found)
        {
            throw new ObjectNotFoundException(Location, key);
        }

        if (response is null)
        {
            return Stream.Null;
        }

        // Never hand out more than was asked for: s3rver answers "bytes=0-0" with the whole object.
        var limit = range.Length is { } length && response.ContentLength > length ? length : (long?)null;
        return new S3ReadStream(response, limit, Statistics, failure => _failures.Map(failure, "s3:GetObject", $"object {name}"));
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        var head = await _bucket.HeadAsync(NameOf(key), cancellationToken).ConfigureAwait(false);
        return head is null ? null : new ObjectInfo(key, head.ContentLength, ToTime(head.LastModified));
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? last = null;
        await foreach (var page in _bucket.ListPagesAsync(_namePrefix + prefix, cancellationToken).ConfigureAwait(false))
        {
            // S3 pages come in UTF-8 byte order, which is ordinal order but for characters past U+FFFF; some compatible
            // servers (s3rver) list in the order they walk their folders. Sorting a page mends both within the page.
            var found = page
                .Select(entry => new ObjectInfo(entry.Key[_namePrefix.Length..], entry.Size ?? 0, ToTime(entry.LastModified)))
                .Where(info => !info.Key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
                .OrderBy(info => info.Key, StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                continue;
            }

            if (last is not null && string.CompareOrdinal(found[0].Key, last) <= 0)
            {
                throw _failures.Fail("s3:ListBucket", $"the keys starting with '{prefix}'", $"the server listed {found[0].Key} after {last}",
                    "this server does not list keys in order; use one that does (AWS S3, MinIO, Ceph RGW)", transient: false);
            }

            last = found[^1].Key;
            foreach (var info in found)
            {
                yield return info;
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        await _bucket.DeleteAsync(NameOf(key), cancellationToken).ConfigureAwait(false);

    public void Dispose() => _client.Dispose();

    private static DateTimeOffset ToTime(DateTime? time) =>
        time is { } value ? new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch;

    private async Task<bool> PutAsync(string key, UploadSource content, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = NameOf(key);
        var layout = PartLayout.For(content.Length, _tuning.MinimumPartSize, MaximumParts);
        if (!layout.IsSingle)
        {
            var journalName = _namePrefix + S3UploadJournal.KeyFor(key);
            var upload = new S3MultipartUpload(_bucket, _failures, key, name, journalName, Statistics);
            return await upload.RunAsync(content, layout, _tuning, onlyIfAbsent, cancellationToken).ConfigureAwait(false);
        }

        // The pump hands the single part over only after the source's end-of-stream checks passed.
        var stored = false;
        await PartPump.RunAsync(content, layout, _tuning.Memory, parallelism: 1, async (part, token) =>
        {
            stored = await _bucket.PutAsync(name, part, onlyIfAbsent, ownMetadata: false, token).ConfigureAwait(false) is not null;
            if (stored)
            {
                Statistics.Sent(part.Size);
            }
        }, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private string NameOf(string key)
    {
        ObjectKey.Validate(key);
        return _namePrefix + key;
    }
}
