namespace Amphora.Sandbox;

/// <summary>
/// Serialises the sandbox's processes on one node, as a real node serialises work in one JVM: an exclusive
/// lock on <c>node/.sandbox/lock</c> (flock on Linux), waited for up to a minute.
/// </summary>
public sealed class NodeLock : IDisposable
{
    private readonly FileStream _stream;

    private NodeLock(FileStream stream) => _stream = stream;

    public static NodeLock Acquire(string lockFile)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return new NodeLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
