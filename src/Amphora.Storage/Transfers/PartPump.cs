namespace Amphora.Storage.Transfers;

/// <summary>
/// Reads an upload source once, in order, into budgeted part buffers, and hands the parts to a sender that may run several at
/// once. Disk reads stay sequential, memory stays within the budget, and the source's own end-of-stream checks (a content
/// hash, say) run before the caller commits anything.
/// </summary>
public static class PartPump
{
    public static async Task RunAsync(
        UploadSource source,
        PartLayout layout,
        TransferMemory memory,
        int parallelism,
        Func<Part, CancellationToken, Task> send,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(parallelism);
        var sending = new List<Task>();
        var stream = source.Open();
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                for (var number = 1; number <= layout.PartCount; number++)
                {
                    await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                    PartBuffer? buffer = null;
                    try
                    {
                        var size = layout.SizeOf(number);
                        buffer = await memory.RentAsync(size, failed.Token).ConfigureAwait(false);
                        await ReadExactlyAsync(stream, buffer.Array.AsMemory(0, size), source, failed.Token).ConfigureAwait(false);
                        if (number == layout.PartCount)
                        {
                            await ExpectEndAsync(stream, source, failed.Token).ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                        buffer?.Dispose();
                        slots.Release();
                        throw;
                    }

                    var part = new Part(number, layout.OffsetOf(number), buffer.Array.AsMemory(0, layout.SizeOf(number)));
                    sending.Add(SendAsync(part, buffer));
                }
            }
            catch (Exception readFailure)
            {
                // A source that failed to read lets the parts already on their way finish: the next put resumes after them.
                if (readFailure is OperationCanceledException)
                {
                    await failed.CancelAsync().ConfigureAwait(false);
                }

                await Task.WhenAll(sending.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
                // When a send failed first, the read loop only saw the cancellation: report the send's failure.
                var sendFailure = sending.FirstOrDefault(task => task.IsFaulted)?.Exception?.InnerException;
                if (readFailure is OperationCanceledException && sendFailure is not null && !cancellationToken.IsCancellationRequested)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sendFailure);
                }

                throw;
            }
        }

        try
        {
            await Task.WhenAll(sending).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Parts cancelled because another failed: report that failure, not the cancellation.
            var sendFailure = sending.First(task => task.IsFaulted).Exception!.InnerException!;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(sendFailure);
        }

        async Task SendAsync(Part part, PartBuffer buffer)
        {
            try
            {
                await send(part, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                await failed.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                buffer.Dispose();
                slots.Release();
            }
        }
    }

    private static async Task ReadExactlyAsync(Stream stream, Memory<byte> buffer, UploadSource source, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"the upload source ended early: expected {source.Length} bytes.");
            }

            filled += read;
        }
    }

    private static async Task ExpectEndAsync(Stream stream, UploadSource source, CancellationToken cancellationToken)
    {
        // This read also lets a checking stream verify what it saw before anything is committed.
        var extra = new byte[1];
        if (await stream.ReadAsync(extra, cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new IOException($"the upload source is longer than the {source.Length} bytes it declared.");
        }
    }
}
