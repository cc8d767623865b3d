using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Amphora.Tests.SSTables.Fuzz;

/// <summary>
/// Runs one FsCheck property over generated inputs with the run's seed and case count, reports both (and FsCheck's verdict)
/// to the test output, and fails the test with the shrunk counterexample when the property breaks.
/// </summary>
public static class FuzzCampaign
{
    private const int MaxOutcomesShown = 25;

    /// <summary>Fails the test if <paramref name="property"/> throws for some input; otherwise prints how often each outcome it returned came up.</summary>
    public static void Run<T>(ITestOutputHelper output, string name, Arbitrary<T> inputs, Func<T, string> property, int defaultCases)
    {
        ArgumentNullException.ThrowIfNull(output);
        var cases = FuzzSettings.CasesOr(defaultCases);

        // Each campaign gets its own stream from the run's seed, so adding a campaign does not change the others' inputs.
        var seed = FuzzSettings.Seed ^ StableHash(name);
        output.WriteLine($"{name}: {FuzzSettings.SeedVariable}={FuzzSettings.Seed} (stream {seed}), {cases} cases");
        var config = Config.Quick
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)))
            .WithRunner(new OutputRunner(output));
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Check.One(name, config, Prop.ForAll(inputs, (T input) => { outcomes.AddOrUpdate(Outcome.Shape(property(input)), 1, (_, count) => count + 1); }));
        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal).Take(MaxOutcomesShown))
        {
            output.WriteLine($"{count,7}  {outcome}");
        }

        if (outcomes.Count > MaxOutcomesShown)
        {
            output.WriteLine($"         and {outcomes.Count - MaxOutcomesShown} rarer outcomes");
        }
    }

    /// <summary>FNV-1a: string.GetHashCode differs from process to process, which would make a seed unrepeatable.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>FsCheck's reporting, sent to the xunit output instead of the console.</summary>
    private sealed class OutputRunner(ITestOutputHelper output) : IRunner
    {
        private int _shrinks;

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, Microsoft.FSharp.Collections.FSharpList<object> args, FSharpFunc<int, FSharpFunc<Microsoft.FSharp.Collections.FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(Microsoft.FSharp.Collections.FSharpList<object> args, FSharpFunc<Microsoft.FSharp.Collections.FSharpList<object>, string> everyShrink) =>
            _shrinks++;

        public void OnFinished(string name, TestResult testResult)
        {
            var verdict = Runner.onFinishedToString(name, testResult);
            output.WriteLine(verdict);
            if (!testResult.IsPassed)
            {
                Assert.Fail($"{verdict}\n(after {_shrinks} shrinks; the last line's bytes are the minimal input: save them as a regression case)");
            }
        }
    }
}
