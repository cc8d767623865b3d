namespace Amphora.Core.Backup;

/// <summary>Bytes read from the node's files, across threads: the proof that an unchanged node costs no SSTable reads.</summary>
public sealed class ReadCounter
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long bytes) => Interlocked.Add(ref _bytes, bytes);
}
