using Amphora.Core.SSTables;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Runs one parse of one fuzz input and holds it to the three promises every parser makes about malformed input: it ends
/// (a hang detector, not a timing assertion), it fails only with <see cref="SSTableFormatException"/>, and it allocates in
/// proportion to the input, never to a length field inside it.
/// </summary>
public static class BoundedRun
{
    /// <summary>Generous: a real parse takes microseconds, but two cores may be busy with the rest of the suite.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Bytes a parse may allocate per input byte (strings, lists, the decoded text).</summary>
    public const long AllocationPerInputByte = 64;

    /// <summary>A parser's fixed cost: BigEndianReader's 64 KiB buffer, regex and list setup.</summary>
    public const long ParserAllocationAllowance = 1 << 20;

    /// <summary>The verifier's fixed cost on top: Data.db's pooled 1 MiB buffer (rented afresh on a new thread) and a reader per component.</summary>
    public const long VerifierAllocationAllowance = 4 << 20;

    /// <summary>Runs <paramref name="parse"/>; returns the <see cref="SSTableFormatException"/> it threw, if any, and throws <see cref="FuzzPropertyException"/> for anything else.</summary>
    public static SSTableFormatException? Parser(int inputLength, Func<CancellationToken, Task> parse) =>
        Run(inputLength, ParserAllocationAllowance, parse, allowFormatException: true);

    /// <summary>As <see cref="Parser"/>, but nothing at all may be thrown (TryParse, the verifier, which reports damage as problems).</summary>
    public static void MustNotThrow(int inputLength, long allocationAllowance, Func<CancellationToken, Task> body) =>
        Run(inputLength, allocationAllowance, body, allowFormatException: false);

    private static SSTableFormatException? Run(int inputLength, long allowance, Func<CancellationToken, Task> body, bool allowFormatException)
    {
        using var timeout = new CancellationTokenSource(HangTimeout);
        Exception? thrown = null;
        long allocated = 0;

        // On a pool thread so a parse that never returns fails this case instead of hanging the test run; MemoryStreams
        // complete synchronously, so the whole parse runs on that one thread and its allocation counter sees all of it.
        var run = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                body(timeout.Token).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        if (!run.Wait(HangTimeout * 2))
        {
            throw new FuzzPropertyException($"the parse did not finish within {HangTimeout * 2} (a hang).");
        }

        switch (thrown)
        {
            case OperationCanceledException:
                throw new FuzzPropertyException($"the parse was still running after {HangTimeout} and was cancelled (a hang).", thrown);
            case SSTableFormatException format when allowFormatException:
                CheckAllocation(inputLength, allowance, allocated);
                return format;
            case not null:
                throw new FuzzPropertyException($"the parse threw {thrown.GetType().Name}: {thrown.Message}", thrown);
        }

        CheckAllocation(inputLength, allowance, allocated);
        return null;
    }

    private static void CheckAllocation(int inputLength, long allowance, long allocated)
    {
        var limit = (AllocationPerInputByte * inputLength) + allowance;
        if (allocated > limit)
        {
            throw new FuzzPropertyException(
                $"the parse allocated {allocated} bytes for a {inputLength}-byte input (limit {limit}): memory follows a length field, not the input.");
        }
    }
}
