using System.Buffers.Binary;
using Amphora.Core.Repository;

namespace Amphora.Core.IO;

/// <summary>
/// Remembers the SHA-256 of files by identity (device, inode, size, mtime), so a backup of unchanged SSTables reads none of
/// their bytes: each snapshot is a new hard link to the same inode. A rewritten file (Statistics.db after a level change is
/// replaced via rename) gets a new inode, so it is hashed again. Entries unused for <see cref="ForgetAfter"/> are dropped.
/// The cache is an optimization only: losing it costs one re-read, never a wrong backup.
/// </summary>
public sealed class ContentHashCache
{
    private const string FileName = "content-hashes.v1";
    private static readonly byte[] Magic = "AMPHORA-HASHES-1\n"u8.ToArray();
    private const int EntrySize = 8 + 8 + 8 + 8 + 32 + 8;
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(30);

    private readonly string? _path;
    private readonly Dictionary<Key, (byte[] Digest, long LastUsedUnixSeconds)> _entries = [];
    private readonly Lock _lock = new();

    private ContentHashCache(string? path) => _path = path;

    /// <summary>A cache that remembers nothing between runs (for --no-hash-cache).</summary>
    public static ContentHashCache InMemory() => new(null);

    public static ContentHashCache Load(string directory)
    {
        var cache = new ContentHashCache(Path.Combine(directory, FileName));
        if (!File.Exists(cache._path))
        {
            return cache;
        }

        var bytes = File.ReadAllBytes(cache._path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) || (bytes.Length - Magic.Length) % EntrySize != 0)
        {
            return cache; // Unknown or torn: start afresh rather than trust it.
        }

        var cutoff = DateTimeOffset.UtcNow.Add(-ForgetAfter).ToUnixTimeSeconds();
        for (var offset = Magic.Length; offset < bytes.Length; offset += EntrySize)
        {
            var entry = bytes.AsSpan(offset, EntrySize);
            var key = new Key(
                BinaryPrimitives.ReadUInt64LittleEndian(entry),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(entry[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(entry[24..]));
            var lastUsed = BinaryPrimitives.ReadInt64LittleEndian(entry[64..]);
            if (lastUsed >= cutoff)
            {
                cache._entries[key] = (entry.Slice(32, 32).ToArray(), lastUsed);
            }
        }

        return cache;
    }

    public bool TryGet(FileIdentity file, out ContentHash hash)
    {
        var key = Key.Of(file);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = (entry.Digest, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                hash = ContentHash.FromBytes(entry.Digest);
                return true;
            }
        }

        hash = default;
        return false;
    }

    public void Add(FileIdentity file, ContentHash hash)
    {
        var key = Key.Of(file);
        lock (_lock)
        {
            _entries[key] = (Convert.FromHexString(hash.Hex), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
    }

    /// <summary>Writes the cache atomically (temporary file + rename), so a crash leaves the old cache or the new one.</summary>
    public void Save()
    {
        if (_path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            output.Write(Magic);
            Span<byte> entry = stackalloc byte[EntrySize];
            lock (_lock)
            {
                foreach (var (key, value) in _entries)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(entry, key.Device);
                    BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], key.Inode);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[16..], key.Size);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[24..], key.ModifiedNanoseconds);
                    value.Digest.CopyTo(entry[32..]);
                    BinaryPrimitives.WriteInt64LittleEndian(entry[64..], value.LastUsedUnixSeconds);
                    output.Write(entry);
                }
            }
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private readonly record struct Key(ulong Device, ulong Inode, long Size, long ModifiedNanoseconds)
    {
        public static Key Of(FileIdentity file) => new(file.Device, file.Inode, file.Size, file.ModifiedNanoseconds);
    }
}
