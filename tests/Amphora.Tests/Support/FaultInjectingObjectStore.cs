using System.Runtime.CompilerServices;
using Amphora.Storage;
using Amphora.Storage.Transfers;

namespace Amphora.Tests.Support;

/// <summary>
/// A real store with faults added in front, for what a real server cannot be made to do on cue: fail the Nth call of an
/// operation, break an upload or a download after some bytes.
/// </summary>
public sealed class FaultInjectingObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly Dictionary<string, int> _calls = [];
    private readonly Lock _lock = new();
    private long _uploadedBytes;

    /// <summary>Called before every operation ("put", "put-if-absent", "read", "stat", "list", "delete") with its 1-based count; may throw.</summary>
    public Func<string, string, int, Exception?> FailCall { get; set; } = (_, _, _) => null;

    /// <summary>Once this many bytes have been read from upload sources (all puts together), reads throw what the function gives (null: go on).</summary>
    public (long Bytes, Func<Exception?> Failure)? FailUploadsAfter { get; set; }

    /// <summary>Once a download stream has yielded this many bytes, its reads throw what the function gives (null: go on).</summary>
    public (long Bytes, Func<Exception?> Failure)? FailDownloadsAfter { get; set; }

    public string Location => inner.Location;

    public TransferStatistics Statistics => inner.Statistics;

    public int Calls(string operation)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(operation);
        }
    }

    public async Task PutAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        Before("put", key);
        await inner.PutAsync(key, Faulty(content), cancellationToken);
    }

    public async Task<bool> PutIfAbsentAsync(string key, UploadSource content, CancellationToken cancellationToken)
    {
        Before("put-if-absent", key);
        return await inner.PutIfAbsentAsync(key, Faulty(content), cancellationToken);
    }

    public async Task<Stream> OpenReadAsync(string key, ByteRange range, CancellationToken cancellationToken)
    {
        Before("read", key);
        var stream = await inner.OpenReadAsync(key, range, cancellationToken);
        return FailDownloadsAfter is { } rule ? Breaking(stream, rule.Bytes, rule.Failure, null) : stream;
    }

    public async Task<ObjectInfo?> StatAsync(string key, CancellationToken cancellationToken)
    {
        Before("stat", key);
        return await inner.StatAsync(key, cancellationToken);
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        await foreach (var info in inner.ListAsync(prefix, cancellationToken))
        {
            // Each listed key counts as one "list" call, so a test can break a listing midway.
            Before("list", info.Key);
            index++;
            yield return info;
        }

        if (index == 0)
        {
            Before("list", prefix);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        Before("delete", key);
        await inner.DeleteAsync(key, cancellationToken);
    }

    private void Before(string operation, string key)
    {
        int count;
        lock (_lock)
        {
            count = _calls[operation] = _calls.GetValueOrDefault(operation) + 1;
        }

        if (FailCall(operation, key, count) is { } failure)
        {
            throw failure;
        }
    }

    private UploadSource Faulty(UploadSource content) => UploadSource.FromStream(content.Length, () =>
    {
        var stream = content.Open();
        return FailUploadsAfter is { } rule ? Breaking(stream, rule.Bytes, rule.Failure, () => ref _uploadedBytes) : stream;
    });

    private delegate ref long SharedCounter();

    /// <summary>Breaks once a byte count (its own, or one shared by all uploads) passes the limit.</summary>
    private static ReadObservingStream Breaking(Stream inner, long limit, Func<Exception?> failure, SharedCounter? shared)
    {
        long own = 0;
        return new ReadObservingStream(inner, read =>
        {
            var total = shared is null ? (own += read) : Interlocked.Add(ref shared(), read);
            if (total > limit && failure() is { } exception)
            {
                throw exception;
            }
        });
    }
}
