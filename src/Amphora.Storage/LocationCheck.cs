using System.Diagnostics;
using System.Security.Cryptography;

namespace Amphora.Storage;

/// <summary>
/// Proves a location works for backups by doing what backups do with a probe object: write, stat, read (whole and a range),
/// list, conditional create, delete. Each step reports the backend's own failure message, which names the cause (name
/// resolution, TLS, credentials, the permission for the operation, a missing bucket or container).
/// </summary>
public static class LocationCheck
{
    public const string ProbePrefix = "amphora-location-check/";

    public static async Task<IReadOnlyList<LocationCheckStep>> RunAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = ProbePrefix + Guid.NewGuid().ToString("N");
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var steps = new List<LocationCheckStep>();
        var written = false;

        async Task<bool> Step(string name, Func<Task<string?>> action)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var problem = await action().ConfigureAwait(false);
                steps.Add(new LocationCheckStep(name, problem is null, problem ?? "ok", clock.Elapsed));
                return problem is null;
            }
            catch (Exception e) when (e is StorageException or IOException or HttpRequestException or UnauthorizedAccessException)
            {
                steps.Add(new LocationCheckStep(name, false, e.Message, clock.Elapsed));
                return false;
            }
        }

        try
        {
            written = await Step($"write {key}", async () =>
            {
                await store.PutAsync(key, UploadSource.FromBytes(bytes), cancellationToken).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false);
            if (!written)
            {
                return steps;
            }

            await Step("stat it", async () => (await store.StatAsync(key, cancellationToken).ConfigureAwait(false))?.Size switch
            {
                null => "the object just written is not there (no read-after-write consistency?)",
                4096 => null,
                var size => $"the object just written has {size} bytes, not 4096",
            }).ConfigureAwait(false);
            await Step("read it back", async () => await ReadAsync(store, key, ByteRange.All, cancellationToken).ConfigureAwait(false) is var read
                && read.AsSpan().SequenceEqual(bytes) ? null : "the bytes read back differ from the bytes written").ConfigureAwait(false);
            await Step("read a range of it", async () => await ReadAsync(store, key, new ByteRange(1000, 24), cancellationToken).ConfigureAwait(false) is var read
                && read.AsSpan().SequenceEqual(bytes.AsSpan(1000, 24)) ? null : "the range read back differs from the bytes written").ConfigureAwait(false);
            await Step("list it", async () =>
                await store.ListAsync(ProbePrefix, cancellationToken).AnyAsync(info => info.Key == key, cancellationToken).ConfigureAwait(false)
                    ? null : "the listing does not show the object just written").ConfigureAwait(false);
            await Step("refuse to overwrite it when asked to create only", async () =>
                await store.PutIfAbsentAsync(key, UploadSource.FromBytes(bytes), cancellationToken).ConfigureAwait(false)
                    ? "a create-only write replaced an existing object: locks and repository creation are not safe here" : null).ConfigureAwait(false);
        }
        finally
        {
            if (written)
            {
                await Step("delete it", async () =>
                {
                    await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
                    return await store.StatAsync(key, cancellationToken).ConfigureAwait(false) is null ? null : "the object is still there after delete";
                }).ConfigureAwait(false);
            }
        }

        return steps;
    }

    private static async Task<byte[]> ReadAsync(IObjectStore store, string key, ByteRange range, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(key, range, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
    }
}
